#!/usr/bin/env bash
# Scale-out on Kafka: two consumer pipelines in one group share a 4-partition topic. kpub keys
# by stream, so each stream stays in one partition, in order, and each window is computed
# whole by exactly one of the pipelines. Prints which streams each pipeline averaged.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

start_kbroker --topic scaled:4
frames-gen --streams 8 --fast --duration 30s --seed 2 --start 2023-11-14T22:13:20Z |
  kpub -t scaled -k stream

# Both join the group before its first rebalance, so the partitions are split between them.
# Each merges its partitions in event-time order (see README, "Event time").
pipelines=()
for p in a b; do
  start "pipeline-$p" bash -c "ksub -t scaled -G scale-out -o beginning -e |
    win-avg --by stream --field bitrate_kbps --window 10s \
      > '$rivulet_work/pipeline-$p.ndjson'"
  pipelines+=($!)
done
for pid in "${pipelines[@]}"; do wait "$pid" || fail scale-out "a consumer pipeline failed"; done

for p in a b; do
  streams=$(jq -r .stream "$rivulet_work/pipeline-$p.ndjson" | sort -u | paste -sd, -)
  echo "pipeline $p: $(wc -l < "$rivulet_work/pipeline-$p.ndjson") windows, streams ${streams:-none}"
done
