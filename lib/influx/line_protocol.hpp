#pragma once
// InfluxDB line protocol text: escaping of names and values exactly as influxd parses them,
// and refusal of what it cannot carry. Every append_* either appends a correct token and
// returns true, or appends nothing, sets *err and returns false: a value is never written
// half-escaped or in a form that would inject another field, tag or line.
//
// The rules, checked against influxd 1.x (tests/integration/test_influx_roundtrip.py):
// - measurement: "," and " " are escaped with a backslash;
// - tag keys, tag values, field keys: ",", "=" and " " are escaped; other backslashes are
//   literal, so a name ending in a backslash cannot be written (it would escape the
//   separator after it), nor a measurement or field key with a backslash right before a
//   character that needs escaping (influxd would read a different name);
// - string field values: double quotes and backslashes are escaped;
// - newlines are refused everywhere (a point is one line: batches are split, spilled and
//   re-read line by line); names must not be empty; "time" is not a tag or field key
//   (influxd drops such fields silently); a measurement must not start with "#" (a comment).

#include <cstdint>
#include <string>
#include <string_view>

#include "time/time_unit.hpp"

namespace rivulet {

bool append_measurement(std::string& out, std::string_view name, std::string* err);
bool append_tag_key(std::string& out, std::string_view key, std::string* err);
bool append_tag_value(std::string& out, std::string_view key, std::string_view value,
                      std::string* err);
bool append_field_key(std::string& out, std::string_view key, std::string* err);

// Field values; `key` only names the field in messages.
bool append_float_value(std::string& out, std::string_view key, double value, std::string* err);
void append_integer_value(std::string& out, int64_t value);
void append_bool_value(std::string& out, bool value);
bool append_string_value(std::string& out, std::string_view key, std::string_view value,
                         std::string* err);

// Appends " " and the time in `precision` units. False (nothing appended) if `ns` is not a
// whole number of such units, since writing it would silently round the time.
bool append_timestamp(std::string& out, int64_t ns, TimeUnit precision, std::string* err);

}  // namespace rivulet
