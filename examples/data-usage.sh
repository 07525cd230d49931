#!/usr/bin/env bash
# How many megabytes does 10 minutes of video use, per resolution? Ten minutes of a
# synthetic webcam pinned to each rung of the bitrate ladder, frame sizes summed per
# resolution per 10-minute window, printed in MB (10^6 bytes), one line a resolution.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

# The six runs cover the same 10 minutes of event time, so all their frames fall into the
# one window [22:10, 22:20), which closes at the end of input.
for size in 640x360 854x480 1280x720 1920x1080 2560x1440 3840x2160; do
  frames-gen --resolution "$size" --fps 30 --fast --duration 10m --seed 1 \
    --start 2023-11-14T22:10:00Z
done |
  win-avg --by height --field frame_bytes --sum --window 10m |
  jq -c '{ts, resolution: "\(.height)p", frames: .count,
          mb: (.frame_bytes_sum / 1e6 * 10 | round / 10)}'
