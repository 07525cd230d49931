#pragma once
// The one time-unit type: the unit of an epoch number (--time-unit), of line protocol's
// timestamps (--precision) and of a query's epoch. One name table, one scale to
// nanoseconds.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rivulet {

// Coarse to fine: a later unit is finer.
enum class TimeUnit { kSeconds, kMillis, kMicros, kNanos };

// A unit, or none for auto: decided by each number's magnitude (resolve_time_unit).
using TimeUnitOrAuto = std::optional<TimeUnit>;
inline constexpr std::nullopt_t kAutoTimeUnit = std::nullopt;

// "s", "ms", "us", "ns".
const char* time_unit_name(TimeUnit unit);
// The name, or "auto".
const char* time_unit_name(TimeUnitOrAuto unit);

// "s", "ms", "us", "ns", long names ("seconds", "millis"...), and InfluxDB's "u" and "n".
// False on other text (and on "auto").
bool parse_time_unit(std::string_view text, TimeUnit* unit);
// The same, and "auto" (no unit).
bool parse_time_unit(std::string_view text, TimeUnitOrAuto* unit);

// Nanoseconds in one unit: 1e9, 1e6, 1e3, 1. Inline, as resolve_time_unit: window tools
// convert every event's time with them.
inline int64_t time_unit_ns(TimeUnit unit) {
  constexpr int64_t kScale[] = {1'000'000'000, 1'000'000, 1'000, 1};
  return kScale[static_cast<int>(unit)];
}

// The coarsest unit that represents `ns` exactly.
TimeUnit coarsest_time_unit(int64_t ns);
// True if `a` is finer than `b` (ns finer than ms).
inline bool finer(TimeUnit a, TimeUnit b) { return static_cast<int>(a) > static_cast<int>(b); }

// For auto, decides by magnitude: |v| < 1e11 seconds (up to the year 5138), < 1e14
// milliseconds, < 1e17 microseconds, else nanoseconds.
inline TimeUnit resolve_time_unit(double value, TimeUnitOrAuto unit) {
  if (unit) return *unit;
  double a = std::fabs(value);
  if (a < 1e11) return TimeUnit::kSeconds;
  if (a < 1e14) return TimeUnit::kMillis;
  if (a < 1e17) return TimeUnit::kMicros;
  return TimeUnit::kNanos;
}

}  // namespace rivulet
