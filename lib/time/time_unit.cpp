#include "time/time_unit.hpp"

namespace rivulet {

namespace {

struct UnitNames {
  TimeUnit unit;
  std::string_view names[4];  // the first is the short name; empty ends the list
};

constexpr UnitNames kNames[] = {
    {TimeUnit::kSeconds, {"s", "sec", "seconds", ""}},
    {TimeUnit::kMillis, {"ms", "millis", "milliseconds", ""}},
    {TimeUnit::kMicros, {"us", "micros", "microseconds", "u"}},
    {TimeUnit::kNanos, {"ns", "nanos", "nanoseconds", "n"}},
};

}  // namespace

const char* time_unit_name(TimeUnit unit) { return kNames[static_cast<int>(unit)].names[0].data(); }

const char* time_unit_name(TimeUnitOrAuto unit) { return unit ? time_unit_name(*unit) : "auto"; }

bool parse_time_unit(std::string_view text, TimeUnit* unit) {
  if (text.empty()) return false;
  for (const UnitNames& u : kNames) {
    for (std::string_view name : u.names) {
      if (name == text) {
        *unit = u.unit;
        return true;
      }
    }
  }
  return false;
}

bool parse_time_unit(std::string_view text, TimeUnitOrAuto* unit) {
  if (text == "auto") {
    *unit = kAutoTimeUnit;
    return true;
  }
  TimeUnit u;
  if (!parse_time_unit(text, &u)) return false;
  *unit = u;
  return true;
}

TimeUnit coarsest_time_unit(int64_t ns) {
  for (TimeUnit u : {TimeUnit::kSeconds, TimeUnit::kMillis, TimeUnit::kMicros}) {
    if (ns % time_unit_ns(u) == 0) return u;
  }
  return TimeUnit::kNanos;
}

}  // namespace rivulet
