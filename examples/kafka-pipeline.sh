#!/usr/bin/env bash
# The pipeline through Kafka and into InfluxDB, on a one-minute capture: publish keyed by
# stream, consume in a group, average per stream in 10 s windows, store, read back.
# Uses $KAFKA_BROKERS / $INFLUX_URL when set, else starts kbroker and a local influxd.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

start_kbroker --topic frames:4
start_influxd

say "publishing one minute of four webcams to topic frames"
frames-gen --streams 4 --fast --duration 1m --seed 1 --start 2023-11-14T22:13:20Z |
  kpub -t frames -k stream

say "consuming it in group example-agg into database example"
# ksub merges the four partitions in event-time order, so the windows are exactly those of
# the capture as a file (see README, "Event time").
ksub -t frames -G example-agg -o beginning -e |
  win-avg --by stream --field bitrate_kbps --window 10s |
  influx-write --db example --measurement bitrate --tag stream --create-db

influx-query --db example \
  'SELECT count("bitrate_kbps_avg") AS windows, mean("bitrate_kbps_avg") AS kbps FROM "bitrate" GROUP BY "stream"'
