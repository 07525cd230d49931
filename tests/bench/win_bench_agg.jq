# The aggregation win-avg --by stream --field bitrate_kbps --window 10s does, in jq: count,
# mean, min and max of bitrate_kbps per stream per 10 s window (epoch-aligned). Like win-avg
# it keeps only the open window: its results go out when an event of another window
# arrives, which assumes events in time order, as frames-gen writes them. (Keeping every
# window in one object instead makes jq copy an ever larger object on each update: 3k/s.)
def results($w):
  [.[] | {ts: $w, window_end: ($w + 10000), stream, count, bitrate_kbps_avg: (.sum / .count),
          bitrate_kbps_min: .min, bitrate_kbps_max: .max}];
foreach (inputs, null) as $e ({w: null, groups: {}, emit: []};
  if $e == null then
    .emit = (.w as $w | .groups | results($w))
  else
    ($e.ts - ($e.ts % 10000)) as $w
    | $e.bitrate_kbps as $v
    | if .w != null and $w != .w then
        .emit = (.w as $old | .groups | results($old)) | .groups = {}
      else .emit = [] end
    | .w = $w
    | .groups[$e.stream] |= ((. // {stream: $e.stream, count: 0, sum: 0, min: $v, max: $v})
                             | .count += 1 | .sum += $v
                             | if $v < .min then .min = $v else . end
                             | if $v > .max then .max = $v else . end)
  end;
  .emit[])
