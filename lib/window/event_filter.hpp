#pragma once
// --where FIELD=VALUE: which events a tool looks at.

#include <string>
#include <string_view>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "window/window_rows.hpp"

namespace rivulet {

// One condition, FIELD=VALUE. It holds when the field is a string equal to VALUE, a number
// numerically equal to VALUE (so width=1280 matches 1280 and 1280.0), or any other value
// (true, false, null, an object or array) whose JSON text is exactly VALUE. A missing field
// never matches.
struct FieldCondition {
  FieldPath field;
  std::string value;
  bool value_is_number = false;
  double number = 0;
};

// Parses "FIELD=VALUE" (split at the first '='). False with *err on text without '=' or
// with an empty field name.
bool parse_field_condition(std::string_view text, FieldCondition* condition, std::string* err);

// All conditions must hold (they are ANDed); no conditions selects everything.
class EventFilter {
 public:
  explicit EventFilter(std::vector<FieldCondition> conditions)
      : conditions_(std::move(conditions)) {}

  // kBad with *err when a field looked at is malformed JSON.
  Selection select(JsonDocument& doc, std::string* err) const;
  bool empty() const { return conditions_.empty(); }

 private:
  std::vector<FieldCondition> conditions_;
};

}  // namespace rivulet
