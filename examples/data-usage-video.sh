#!/usr/bin/env bash
# The data-usage question with real video: how many megabytes ten minutes of a stream cost
# at 360p, 720p and 1080p. Each resolution is encoded for a few seconds with ffmpeg (x264,
# veryfast, CRF 23, 30 fps, a keyframe every 2 s), frames-probe turns the encode into frame
# events and win-avg averages their bitrate_kbps, which is the encode's bitrate; that is
# scaled to ten minutes (MB = kbps x 600 s / 8 / 1000). Next to it, the same figure for
# frames-gen's model of that resolution (ten minutes of synthetic frames, pinned).
#
# A few seconds stand for ten minutes only as far as the content stays alike: the default
# source is ffmpeg's moving test pattern (testsrc2), which is not a webcam. Give a video of
# your own to measure real content:
#   data-usage-video.sh [SOURCE]
#   RIVULET_ENCODE_SECONDS  seconds encoded per resolution (default 4)
#   RIVULET_KEEP_ENCODES    keep the encodes in this directory (default: removed at exit)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

seconds=${RIVULET_ENCODE_SECONDS:-4}
input=(-f lavfi -i "testsrc2=size=1920x1080:rate=30")
[ $# -ge 1 ] && input=(-i "$1")
dir=${RIVULET_KEEP_ENCODES:-$rivulet_work}
mkdir -p "$dir"

# Average bitrate_kbps of NDJSON frame events on stdin, over the whole input.
average_kbps() {
  win-avg --by stream --field bitrate_kbps --window 24h | jq -r '.bitrate_kbps_avg'
}

printf '%-10s %10s %14s %16s\n' resolution kbps "MB/10min" "frames-gen model"
for size in 640x360 1280x720 1920x1080; do
  height=${size#*x}
  ffmpeg -v error -y "${input[@]}" -t "$seconds" -vf "scale=${size%x*}:$height" -r 30 \
    -c:v libx264 -preset veryfast -crf 23 -g 60 -pix_fmt yuv420p -an "$dir/${height}p.mp4"
  kbps=$(frames-probe --start 0 "$dir/${height}p.mp4" | average_kbps)
  model=$(frames-gen --resolution "$size" --fast --duration 10m --start 0 | average_kbps)
  awk -v r="${height}p" -v k="$kbps" -v m="$model" \
    'BEGIN { printf "%-10s %10.1f %14.1f %16.1f\n", r, k, k * 600 / 8 / 1000, m * 600 / 8 / 1000 }'
done
say "encoded ${seconds}s per resolution from ${input[*]: -1}; MB/10min scales that average to ten minutes"
