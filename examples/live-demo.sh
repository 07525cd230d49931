#!/usr/bin/env bash
# The whole pipeline, live: webcam -> Kafka -> event-time windows -> InfluxDB, then the
# numbers read back as a table and drawn as an SVG picture (RIVULET_DEMO_SVG, default
# $TMPDIR/rivulet-demo.svg). RIVULET_DEMO_SECONDS sets how long the webcams run (default 25).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
seconds=${RIVULET_DEMO_SECONDS:-25}
db=video

start_kbroker --topic frames:4 --topic viewers:4
start_influxd

say "starting the consumers (ksub | win-avg / win-count | influx-write into database $db)"
consumer bitrate "-t frames -G demo-bitrate -o beginning" \
  "win-avg --by stream --field bitrate_kbps --window 10s |
   influx-write --db $db --measurement bitrate --tag stream --create-db"
consumer viewers "-t viewers -G demo-viewers -o beginning" \
  "win-count --by stream --distinct viewer --where event=beat --window 10s |
   influx-write --db $db --measurement viewers --tag stream --create-db"
consumer dropoffs "-t viewers -G demo-dropoffs -o beginning" \
  "win-count --by stream --where event=leave --window 10s |
   influx-write --db $db --measurement dropoffs --tag stream --create-db"

say "starting 4 webcams and 200 viewers for ${seconds}s (frames-gen | kpub, keyed by stream)"
start frames bash -c "frames-gen --streams 4 --duration ${seconds}s --seed 1 | kpub -t frames -k stream"
frames_pid=$!
start viewer-events bash -c "frames-gen --viewers 200 --streams 4 --duration ${seconds}s --seed 1 | kpub -t viewers -k stream"
viewers_pid=$!
wait $frames_pid || fail frames "frames-gen | kpub exited with an error"
wait $viewers_pid || fail viewer-events "frames-gen --viewers | kpub exited with an error"

say "webcams done; letting the consumers catch up, then stopping them (open windows close)"
sleep 3
stop_consumers

say "reading back from InfluxDB ($INFLUX_URL, database $db)"
influx-query --db $db --time-unit s \
  'SELECT "bitrate_kbps_avg", "bitrate_kbps_min", "bitrate_kbps_max" FROM "bitrate" GROUP BY "stream"' \
  > "$rivulet_work/bitrate.ndjson" || fail influx-query "could not read the bitrate windows"
influx-query --db $db --time-unit s \
  'SELECT "viewer_distinct" FROM "viewers" GROUP BY "stream"' > "$rivulet_work/viewers.ndjson" ||
  fail influx-query "could not read the viewer windows"
# Before any viewer has left there is no dropoffs measurement (influx-query says so): none.
influx-query --db $db --time-unit s \
  'SELECT "count" AS "left" FROM "dropoffs" GROUP BY "stream"' > "$rivulet_work/dropoffs.ndjson" \
  2> "$rivulet_work/dropoffs.err" ||
  grep -q 'measurement "dropoffs" not found' "$rivulet_work/dropoffs.err" ||
  fail influx-query "could not read the drop-off windows: $(cat "$rivulet_work/dropoffs.err")"

echo
jq -rn --slurpfile b "$rivulet_work/bitrate.ndjson" --slurpfile v "$rivulet_work/viewers.ndjson" \
       --slurpfile d "$rivulet_work/dropoffs.ndjson" '
  def key: "\(.ts) \(.stream)";
  ($v | map({(key): .viewer_distinct}) | add // {}) as $viewers |
  ($d | map({(key): .left}) | add // {}) as $left |
  ["window (UTC)", "stream", "avg kbps", "min kbps", "max kbps", "viewers", "left"],
  ($b | sort_by(.ts, .stream)[] |
    [(.ts | todate), .stream, (.bitrate_kbps_avg * 10 | round / 10), .bitrate_kbps_min,
     .bitrate_kbps_max, ($viewers[key] // 0), ($left[key] // 0)])
  | @tsv' | column -t -s $'\t'
svg=${RIVULET_DEMO_SVG:-${TMPDIR:-/tmp}/rivulet-demo.svg}
cat "$rivulet_work/bitrate.ndjson" "$rivulet_work/viewers.ndjson" |
  live-view --by stream --field bitrate_kbps_avg,viewer_distinct --time-unit s \
    --span "$((seconds + 10))s" --svg "$svg" --quiet 2>>"$rivulet_work/live-view.log" ||
  fail live-view "could not draw the picture"

echo
cat <<MSG
These numbers came from InfluxDB at $INFLUX_URL (database $db: measurements bitrate,
viewers, dropoffs). A picture of the average bitrate and the active viewers per stream,
drawn by live-view: $svg
Where to look next:
  examples/grafana/     Grafana provisioning and the "rivulet: live video" dashboard
  examples/compose/     Kafka + InfluxDB + Grafana with docker compose
  examples/*.sh         the pipeline without Kafka, through Kafka, replay, scale-out
  live-view             the same numbers live, in the terminal or a browser (--serve)
  man -l man/win-avg.1  and the other man pages
MSG
