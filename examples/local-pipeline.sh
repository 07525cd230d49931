#!/usr/bin/env bash
# The pipeline without Kafka or a database: plain pipes. One minute of four synthetic
# webcams, averaged per stream in 10 s windows, printed as InfluxDB line protocol.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

frames-gen --streams 4 --fast --duration 1m --seed 1 --start 2023-11-14T22:13:20Z |
  win-avg --by stream --field bitrate_kbps --window 10s |
  influx-write --print --measurement bitrate --tag stream
