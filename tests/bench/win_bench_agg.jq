# The aggregation win-avg --by stream --field bitrate_kbps --window 10s does, in jq:
# count, mean, min and max of bitrate_kbps per stream per 10 s window (epoch-aligned).
reduce inputs as $e ({};
  ($e.ts - ($e.ts % 10000)) as $w
  | "\($w) \($e.stream)" as $k
  | $e.bitrate_kbps as $v
  | .[$k] |= (if . == null then {ts: $w, stream: $e.stream, count: 0, sum: 0, min: $v, max: $v} else . end
              | .count += 1 | .sum += $v
              | if $v < .min then .min = $v else . end
              | if $v > .max then .max = $v else . end))
| .[]
| {ts, window_end: (.ts + 10000), stream, count, bitrate_kbps_avg: (.sum / .count),
   bitrate_kbps_min: .min, bitrate_kbps_max: .max}
