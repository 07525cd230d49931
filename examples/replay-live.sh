#!/usr/bin/env bash
# A captured file replayed into a live pipeline ten times faster than it was recorded, with
# timestamps moved to now: the consumer runs first, then 20 s of four webcams play in about
# 2 s through Kafka, are windowed and stored in InfluxDB, and read back.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
capture="$(dirname "$0")/captures/frames-4cams-20s.ndjson"

start_kbroker --topic replayed:4
start_influxd

say "starting the consumer (group replay-agg, database replayed)"
consumer replay-agg "-t replayed -G replay-agg -o beginning" \
  "win-avg --by stream --field bitrate_kbps --window 10s |
   influx-write --db replayed --measurement bitrate --tag stream --create-db"
sleep 4  # the group's first rebalance (the development broker delays it about 3 s)

say "replaying $capture at 10x into topic replayed"
replay --speed 10 --retime "$capture" | kpub -t replayed -k stream
sleep 2
stop_consumers

influx-query --db replayed 'SELECT count("bitrate_kbps_avg") AS windows FROM "bitrate" GROUP BY "stream"'
