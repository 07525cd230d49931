#pragma once
// Event timestamps: epoch numbers in s/ms/us/ns, or RFC 3339 strings. Internally every
// time is int64 nanoseconds since the Unix epoch (covers the years 1678 to 2262).

#include <cstdint>
#include <string>
#include <string_view>

#include "json/json_line.hpp"

namespace rivulet {

enum class TimeUnit { kAuto, kSeconds, kMillis, kMicros, kNanos };

// "auto", "s", "ms", "us", "ns" (also long names like "seconds"). False on unknown text.
bool parse_time_unit(std::string_view text, TimeUnit* unit);
const char* time_unit_name(TimeUnit unit);

// Nanoseconds in one `unit` (kAuto: one millisecond, the schema default).
constexpr int64_t time_unit_ns(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kSeconds: return 1000000000LL;
    case TimeUnit::kMicros: return 1000;
    case TimeUnit::kNanos: return 1;
    case TimeUnit::kMillis:
    case TimeUnit::kAuto: return 1000000;
  }
  return 1000000;
}

// For kAuto, decides by magnitude: |v| < 1e11 seconds (up to the year 5138), < 1e14
// milliseconds, < 1e17 microseconds, else nanoseconds. Never returns kAuto.
inline TimeUnit resolve_time_unit(double value, TimeUnit unit) {
  if (unit != TimeUnit::kAuto) return unit;
  double a = value < 0 ? -value : value;
  if (a < 1e11) return TimeUnit::kSeconds;
  if (a < 1e14) return TimeUnit::kMillis;
  if (a < 1e17) return TimeUnit::kMicros;
  return TimeUnit::kNanos;
}

// Sets *err to "time is out of range for UNIT"; returns false.
bool epoch_out_of_range(TimeUnit unit, std::string* err);

// Epoch number in `unit` to nanoseconds; fractions are kept down to the nanosecond.
// Returns false (and sets *err) when out of range or not finite.
bool epoch_to_ns(double value, TimeUnit unit, int64_t* ns, std::string* err);
// Exact integer variant: no rounding through double for large ns/us values. Inline: the
// window tools convert every event's time so.
inline bool epoch_to_ns(int64_t value, TimeUnit unit, int64_t* ns, std::string* err) {
  unit = resolve_time_unit(static_cast<double>(value), unit);
  if (__builtin_mul_overflow(value, time_unit_ns(unit), ns)) return epoch_out_of_range(unit, err);
  return true;
}

// Nanoseconds to the integer epoch value in `unit` (rounded toward negative infinity).
// kAuto is taken as milliseconds, the schema default.
int64_t ns_to_epoch(int64_t ns, TimeUnit unit);

// RFC 3339: "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.033+01:00"; 't', 'z' and a space
// for 'T' are accepted. False with *err on bad text.
bool parse_rfc3339(std::string_view text, int64_t* ns, std::string* err);
// UTC with as many fraction digits as needed (none, 3, 6 or 9): "2023-11-14T22:13:20.033Z".
std::string format_rfc3339(int64_t ns);

// A time given on the command line: "now", an RFC 3339 string, or an epoch number
// (unit decided by magnitude). `now_ns` is used for "now".
bool parse_time_argument(std::string_view text, int64_t now_ns, int64_t* ns, std::string* err);

// Reads the event time of a document from one field (--time-field, --time-unit), which
// may hold an epoch number or an RFC 3339 string.
class EventTimeReader {
 public:
  EventTimeReader(FieldPath field = FieldPath("ts"), TimeUnit unit = TimeUnit::kAuto)
      : field_(std::move(field)), unit_(unit) {}

  // How the time was written, for tools that write a new time in the same form.
  struct Token {
    std::string_view raw;   // the value's text in the line (quotes included for strings)
    bool is_string = false; // RFC 3339 string rather than an epoch number
    bool is_integer = false;
    TimeUnit unit = TimeUnit::kMillis;  // resolved unit of a number (never kAuto)
  };

  // On success sets *ns (and *token when given). Otherwise returns the field status with
  // *err set.
  // Messages name the field: "field \"ts\": invalid RFC 3339 time \"x\"", "field \"ts\": time
  // is out of range for ms", "field \"ts\" is a boolean, not a time (...)". The one reading
  // of event times: tools that find the field themselves call read_value.
  FieldStatus read(JsonDocument& doc, int64_t* ns, std::string* err, Token* token = nullptr) const;
  // The same for the time field's value, found already.
  FieldStatus read_value(JsonValue& value, int64_t* ns, std::string* err,
                         Token* token = nullptr) const;

  // Appends `ns` as JSON in the same form as `token`: an RFC 3339 string, an integer in the
  // same unit, or a decimal number in the same unit.
  static void append_like(std::string& out, int64_t ns, const Token& token);

  const FieldPath& field() const { return field_; }
  TimeUnit unit() const { return unit_; }

 private:
  FieldPath field_;
  TimeUnit unit_;
};

}  // namespace rivulet
