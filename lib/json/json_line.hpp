#pragma once
// Parsing one NDJSON line in place with simdjson on-demand, and typed field access.

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "io/line_reader.hpp"
#include "json/field_path.hpp"
#include "json/json_token.hpp"
#include "json/json_validator.hpp"

namespace rivulet {

using JsonDocument = simdjson::ondemand::document;
using JsonValue = simdjson::ondemand::value;

// Owns a simdjson parser; reuse one per tool so its buffers are allocated once.
class JsonLineParser {
 public:
  // Parses `line` (which must have kLinePadding readable bytes after it, as LineReader
  // guarantees) and checks that it is a JSON object. On failure returns false and sets
  // *err to a message such as "invalid JSON: ..." or "expected a JSON object, got an array".
  // The document refers into the line's buffer: use it before the next read.
  bool parse(std::string_view line, JsonDocument* doc, std::string* err);

  // Fully validates `line` as one JSON value (object, array or scalar). On-demand parsing
  // only checks what it visits; tools that pass lines on (kpub) validate them whole.
  bool validate(std::string_view line, std::string* err);

 private:
  simdjson::ondemand::parser parser_;
  JsonValidator validator_;
};

// Result of looking a field up; messages name the field as the user wrote it.
enum class FieldStatus { kOk, kMissing, kWrongType, kInvalid };

// Looks `path` up in `doc`. On kOk, *value is the field's value. Any other status sets *err
// ("missing field \"a.b\"", "field \"a\" is not an object", ...). Fields may be looked up in
// any order, and a key that occurs twice reads as its first occurrence, whatever was looked
// up before (the lookup starts at the object's start). A string result is valid until the
// next lookup in the document.
FieldStatus find_field(JsonDocument& doc, const FieldPath& path, JsonValue* value,
                       std::string* err);

// The first occurrence of the plain top-level key `name` in the object `doc` (however far an
// earlier lookup went): NO_SUCH_FIELD if absent. Forced inline: window tools look up every
// event's fields so, and a call per lookup costs them several percent. find_field handles
// dotted paths and says what is wrong. `doc` must not have met malformed JSON already
// (doc.is_alive()).
simdjson_really_inline simdjson::error_code find_first_field(JsonDocument& doc,
                                                             std::string_view name,
                                                             JsonValue* value) {
  doc.rewind();
  return doc.find_field_unordered(name).get(*value);
}

// Typed getters. Numbers accept integers and floats; get_int64 rejects fractions.
FieldStatus get_number(JsonDocument& doc, const FieldPath& path, double* out, std::string* err);
FieldStatus get_int64(JsonDocument& doc, const FieldPath& path, int64_t* out, std::string* err);
FieldStatus get_bool(JsonDocument& doc, const FieldPath& path, bool* out, std::string* err);
// The unescaped string; valid until the parser parses the next line.
FieldStatus get_string(JsonDocument& doc, const FieldPath& path, std::string_view* out,
                       std::string* err);
// The value's JSON text as it appears in the line (a scalar token, or a whole object/array),
// trimmed of surrounding whitespace: a faithful, typed key for grouping ("\"cam-1\"", "720").
FieldStatus get_raw_json(JsonDocument& doc, const FieldPath& path, std::string_view* out,
                         std::string* err);
// The same for a value find_field found at `path` (which names it in messages).
FieldStatus get_raw_json(JsonValue& value, const FieldPath& path, std::string_view* out,
                         std::string* err);

// Names a JSON type for messages: "a string", "an array", ...
const char* json_type_name(simdjson::ondemand::json_type type);

}  // namespace rivulet
