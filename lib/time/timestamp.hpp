#pragma once
// Event timestamps: epoch numbers in s/ms/us/ns, or RFC 3339 strings. Internally every
// time is int64 nanoseconds since the Unix epoch (covers the years 1678 to 2262).

#include <cstdint>
#include <string>
#include <string_view>

#include "json/json_line.hpp"
#include "time/time_unit.hpp"

namespace rivulet {

// Epoch number in `unit` to nanoseconds; fractions are kept down to the nanosecond.
// Returns false (and sets *err) when out of range or not finite.
bool epoch_to_ns(double value, TimeUnitOrAuto unit, int64_t* ns, std::string* err);
// Exact integer variant: no rounding through double for large ns/us values.
bool epoch_to_ns(int64_t value, TimeUnitOrAuto unit, int64_t* ns, std::string* err);

// Nanoseconds to the integer epoch value in `unit` (rounded toward negative infinity).
// Auto is taken as milliseconds, the schema default.
int64_t ns_to_epoch(int64_t ns, TimeUnitOrAuto unit);

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
  EventTimeReader(FieldPath field = FieldPath("ts"), TimeUnitOrAuto unit = kAutoTimeUnit)
      : field_(std::move(field)), unit_(unit) {}

  // How the time was written, for tools that write a new time in the same form.
  struct Token {
    std::string_view raw;    // the value's text in the line (quotes included for strings)
    bool is_string = false;  // RFC 3339 string rather than an epoch number
    bool is_integer = false;
    TimeUnit unit = TimeUnit::kMillis;  // resolved unit of a number
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
  TimeUnitOrAuto unit() const { return unit_; }

 private:
  FieldPath field_;
  TimeUnitOrAuto unit_;
};

}  // namespace rivulet
