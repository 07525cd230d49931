#include "view/chart_scale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace rivulet {

namespace {

constexpr int64_t kSecond = 1000000000LL;

double nice_step(double range, int max_ticks) {
  double raw = range / std::max(1, max_ticks);
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * power >= raw * (1 - 1e-9)) return m * power;
  }
  return 10 * power;
}

// Drops the ".0" of a fixed-point text ("12.0" -> "12").
std::string trim_zero_fraction(std::string text) {
  size_t dot = text.find('.');
  if (dot == std::string::npos) return text;
  size_t end = text.find_last_not_of('0');
  if (end == dot) end = dot - 1;
  text.erase(end + 1);
  return text;
}

}  // namespace

ValueAxis nice_value_axis(double min, double max, int max_ticks) {
  ValueAxis axis;
  if (!std::isfinite(min) || !std::isfinite(max) || min > max) {
    min = 0;
    max = 1;
  }
  if (min == max) {
    double pad = min == 0 ? 1 : std::abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  axis.step = nice_step(max - min, std::max(1, max_ticks));
  axis.low = std::floor(min / axis.step) * axis.step;
  axis.high = std::ceil(max / axis.step) * axis.step;
  // Rounding outward can add an interval; coarsen until the ticks fit.
  while ((axis.high - axis.low) / axis.step > max_ticks + 1e-9 && max_ticks > 0) {
    axis.step = nice_step(axis.step * 1.5, 1);
    axis.low = std::floor(min / axis.step) * axis.step;
    axis.high = std::ceil(max / axis.step) * axis.step;
  }
  int count = static_cast<int>(std::llround((axis.high - axis.low) / axis.step));
  for (int i = 0; i <= count; ++i) {
    double tick = axis.low + i * axis.step;
    axis.ticks.push_back(std::abs(tick) < axis.step * 1e-9 ? 0.0 : tick);
  }
  return axis;
}

TimeAxis nice_time_axis(int64_t end_ns, int64_t span_ns, int max_ticks) {
  static const int64_t kSteps[] = {1,   2,   5,    10,   15,   30,    60,    120,   300,
                                   600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
  TimeAxis axis;
  span_ns = std::max<int64_t>(span_ns, 1);
  axis.end_ns = end_ns;
  axis.start_ns = end_ns - span_ns;
  axis.step_ns = kSteps[std::size(kSteps) - 1] * kSecond;
  for (int64_t s : kSteps) {
    if (span_ns / (s * kSecond) <= std::max(1, max_ticks)) {
      axis.step_ns = s * kSecond;
      break;
    }
  }
  // First multiple of the step at or after the start (floor division for negative times).
  int64_t q = axis.start_ns / axis.step_ns;
  if (q * axis.step_ns < axis.start_ns) ++q;
  for (int64_t t = q * axis.step_ns; t <= axis.end_ns; t += axis.step_ns) axis.ticks.push_back(t);
  return axis;
}

std::string format_value(double value) {
  if (!std::isfinite(value)) return "-";
  double a = std::abs(value);
  // From 10000 on, thousands get a suffix: "9999" still fits, "10.0k" is shorter than "10000".
  struct Suffix {
    double from;
    double scale;
    const char* name;
  };
  for (Suffix s : {Suffix{1e12, 1e12, "T"}, Suffix{1e9, 1e9, "G"}, Suffix{1e6, 1e6, "M"},
                   Suffix{1e4, 1e3, "k"}}) {
    if (a >= s.from) {
      double scaled = value / s.scale;
      int decimals = std::abs(scaled) >= 100 ? 0 : 1;
      return trim_zero_fraction(fmt::format("{:.{}f}", scaled, decimals)) + s.name;
    }
  }
  int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  if (a != 0 && a < 0.001) return fmt::format("{:.1e}", value);
  std::string text = trim_zero_fraction(fmt::format("{:.{}f}", value, decimals));
  return text == "-0" ? "0" : text;
}

std::string format_change(double change) {
  std::string text = format_value(change);
  if (text == "0" || text[0] == '-') return text;
  return "+" + text;
}

std::string format_trend(double change) {
  return (change > 0 ? "▲ " : change < 0 ? "▼ " : "= ") + format_change(change);
}

std::string format_clock(int64_t ns, int64_t step_ns) {
  int64_t s = ns / kSecond;
  if (ns < 0 && s * kSecond != ns) --s;
  int64_t day_s = ((s % 86400) + 86400) % 86400;
  int h = static_cast<int>(day_s / 3600), m = static_cast<int>(day_s / 60 % 60),
      sec = static_cast<int>(day_s % 60);
  if (step_ns % (60 * kSecond) == 0) return fmt::format("{:02}:{:02}", h, m);
  return fmt::format("{:02}:{:02}:{:02}", h, m, sec);
}

}  // namespace rivulet
