# Sourced by the example scripts and scripts/demo: finds the tools, starts and stops the
# servers a pipeline needs, and cleans up everything it started, whatever way the script ends.
#
#   RIVULET_BIN    where the tools are (default: build/tools of this checkout, else PATH)
#   INFLUX_URL     use this InfluxDB instead of starting a local influxd
#   KAFKA_BROKERS  use this Kafka instead of starting kbroker
#   RIVULET_KAFKA  "real": start Apache Kafka (scripts/kafka-server) instead of kbroker

rivulet_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -n "${RIVULET_BIN:-}" ]; then
  PATH="$RIVULET_BIN:$PATH"
elif [ -x "$rivulet_root/build/tools/frames-gen" ]; then
  PATH="$rivulet_root/build/tools:$PATH"
fi
export PATH

rivulet_work=$(mktemp -d -t rivulet.XXXXXX)
rivulet_pids=()
rivulet_name=$(basename "$0")

say() { printf '%s: %s\n' "$rivulet_name" "$*" >&2; }

# Runs a command in the background in a process group of its own, its stderr in
# $rivulet_work/NAME.log; remembers its pid, which is also the group's id, so cleanup stops
# every process of a pipeline, not just the shell that started it.
#   start NAME COMMAND...
start() {
  local name=$1; shift
  setsid "$@" 2>>"$rivulet_work/$name.log" &
  rivulet_pids+=($!)
}

# Says which step failed and why, with the tail of its log, and exits 1.
#   fail NAME MESSAGE
fail() {
  say "$1 failed: $2"
  if [ -s "$rivulet_work/$1.log" ]; then
    say "last lines of its log ($rivulet_work/$1.log):"
    tail -n 15 "$rivulet_work/$1.log" | sed 's/^/    /' >&2
  fi
  rivulet_keep_work=1
  exit 1
}

rivulet_cleanup() {
  # Runs as the EXIT trap: errexit would abort it at the first process that already ended,
  # and a second Ctrl-C (or a signal sent to the whole group) must not cut it short.
  set +e
  trap '' INT TERM
  local pid
  for pid in "${rivulet_pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${rivulet_pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
  done
  for pid in "${rivulet_pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null; done
  wait 2>/dev/null
  if [ "${rivulet_keep_work:-0}" = 1 ]; then
    say "logs kept in $rivulet_work"
  else
    rm -rf "$rivulet_work"
  fi
}
trap rivulet_cleanup EXIT
trap 'say "interrupted, stopping"; exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts influxd on a free loopback port in the work dir unless INFLUX_URL is set; exports
# INFLUX_URL either way.
start_influxd() {
  if [ -n "${INFLUX_URL:-}" ]; then
    say "using InfluxDB at $INFLUX_URL"
    return
  fi
  local port rpc dir=$rivulet_work/influxd
  port=$(free_port); rpc=$(free_port)
  mkdir -p "$dir"
  cat > "$dir/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
  say "starting influxd on 127.0.0.1:$port (data in $dir)"
  start influxd influxd run -config "$dir/influxd.conf"
  export INFLUX_URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -s -o /dev/null -w '%{http_code}' "$INFLUX_URL/ping" 2>/dev/null | grep -q 204 && return
    kill -0 "${rivulet_pids[-1]}" 2>/dev/null || fail influxd "it exited"
    sleep 0.1
  done
  fail influxd "no answer on $INFLUX_URL/ping after 10 s"
}

# Starts kbroker on a free loopback port unless KAFKA_BROKERS is set; exports KAFKA_BROKERS.
#   start_kbroker [--topic NAME:PARTITIONS]...
start_kbroker() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    say "using Kafka at $KAFKA_BROKERS"
    return
  fi
  if [ "${RIVULET_KAFKA:-}" = real ]; then
    start_kafka_server "$@"
    return
  fi
  local out=$rivulet_work/kbroker.out
  start kbroker kbroker --listen 127.0.0.1:0 "$@" > "$out"
  await_broker_address kbroker "$out" 10
  say "kbroker (embedded development broker) listening on $KAFKA_BROKERS"
}

# Waits for the broker started last to print its address into OUT; exports KAFKA_BROKERS.
#   await_broker_address NAME OUT SECONDS
await_broker_address() {
  local name=$1 out=$2 seconds=$3
  for _ in $(seq $((seconds * 10))); do
    if [ -s "$out" ]; then
      KAFKA_BROKERS=$(head -n 1 "$out")
      export KAFKA_BROKERS
      return
    fi
    kill -0 "${rivulet_pids[-1]}" 2>/dev/null || fail "$name" "it exited"
    sleep 0.1
  done
  fail "$name" "it printed no address after $seconds s"
}

# RIVULET_KAFKA=real: Apache Kafka (scripts/kafka-server) with its data in the work dir, the
# same --topic NAME:PARTITIONS created before anything subscribes (a Kafka consumer does not
# create a missing topic and would not see it appear for minutes). Exports KAFKA_BROKERS.
start_kafka_server() {
  local out=$rivulet_work/kafka.out topics=() spec
  while [ $# -gt 0 ]; do
    case $1 in
      --topic) topics+=("$2"); shift 2 ;;
      *) shift ;;
    esac
  done
  say "starting Apache Kafka (scripts/kafka-server, data in $rivulet_work/kafka)"
  start kafka "$rivulet_root/scripts/kafka-server" "$rivulet_work/kafka" > "$out"
  await_broker_address kafka "$out" 120
  for spec in "${topics[@]}"; do
    kafka_create_topic "${spec%:*}" "${spec##*:}" || fail kafka "could not create topic $spec"
  done
  say "Apache Kafka listening on $KAFKA_BROKERS"
}

# kafka_create_topic NAME PARTITIONS: with Kafka's admin API (python3-confluent-kafka).
kafka_create_topic() {
  /usr/bin/python3 - "$KAFKA_BROKERS" "$1" "$2" <<'PY' 2>>"$rivulet_work/kafka.log"
import sys, time
from confluent_kafka.admin import AdminClient, NewTopic
address, name, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
admin = AdminClient({"bootstrap.servers": address})
admin.create_topics([NewTopic(name, partitions, 1)])[name].result(60)
deadline = time.monotonic() + 60
while name not in admin.list_topics(timeout=30).topics and time.monotonic() < deadline:
    time.sleep(0.1)
PY
}

# Runs `ksub ARGS... | bash -c STAGES` in the background. ksub's PID goes to
# $rivulet_work/NAME.ksub so stop_consumers can stop just the source: the later stages then
# see end of input, close their windows, send their last batch and exit by themselves.
#   consumer NAME "KSUB ARGS" "STAGES"
consumer() {
  local name=$1 ksub_args=$2 stages=$3
  # The first stage writes its pid, then becomes ksub.
  start "$name" bash -c "
    bash -c 'echo \$\$ > \"\$0\"; exec \"\$@\"' '$rivulet_work/$name.ksub' ksub $ksub_args | $stages"
  rivulet_consumers+=("$name:$!")
}

# Stops every consumer's ksub (flush, commit, leave the group) and waits for its pipeline to
# drain. Fails if a pipeline exited with an error.
stop_consumers() {
  local entry name pid
  for entry in "${rivulet_consumers[@]}"; do
    name=${entry%%:*}
    if [ -s "$rivulet_work/$name.ksub" ]; then
      kill -TERM "$(cat "$rivulet_work/$name.ksub")" 2>/dev/null || true
    fi
  done
  for entry in "${rivulet_consumers[@]}"; do
    name=${entry%%:*}; pid=${entry#*:}
    wait "$pid" || fail "$name" "the consumer pipeline exited with status $?"
  done
  rivulet_consumers=()
}
rivulet_consumers=()
