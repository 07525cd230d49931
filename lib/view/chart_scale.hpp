#pragma once
// Scaling of a chart: value axes with round tick steps, time axes with clock-friendly steps,
// and short number and time labels. Shared by the terminal view and the SVG snapshot.

#include <cstdint>
#include <string>
#include <vector>

namespace rivulet {

// A value range widened to round numbers, with ticks every `step` from `low` to `high`.
struct ValueAxis {
  double low = 0;
  double high = 1;
  double step = 1;
  std::vector<double> ticks;

  // Position of `value` in the axis: 0 at low, 1 at high.
  double fraction(double value) const { return (value - low) / (high - low); }
};

// Fits [min, max] into at most `max_ticks` intervals of a 1, 2 or 5 times a power of ten.
// An empty range (min == max) is widened around its value so a flat line sits mid-chart.
ValueAxis nice_value_axis(double min, double max, int max_ticks);

// A time range [start, end] (nanoseconds) with ticks at round clock times.
struct TimeAxis {
  int64_t start_ns = 0;
  int64_t end_ns = 1;
  int64_t step_ns = 1;
  std::vector<int64_t> ticks;

  double fraction(int64_t t_ns) const {
    return static_cast<double>(t_ns - start_ns) / static_cast<double>(end_ns - start_ns);
  }
};

// Ticks every 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h or a day:
// the smallest step giving at most `max_ticks` ticks within [end - span, end].
TimeAxis nice_time_axis(int64_t end_ns, int64_t span_ns, int max_ticks);

// A value in at most about 5 characters for axis labels and panels: 2811.2 -> "2811",
// 58836 -> "58.8k", 0.15 -> "0.15", 1.5e6 -> "1.5M".
std::string format_value(double value);

// A signed change for trends: "+12", "-0.5", "0".
std::string format_change(double change);

// A change with an arrow for counters: "▲ +3", "▼ -10", "= 0".
std::string format_trend(double change);

// The UTC clock time of `ns`: "22:13:20", or "22:13" when `step_ns` is whole minutes.
std::string format_clock(int64_t ns, int64_t step_ns);

}  // namespace rivulet
