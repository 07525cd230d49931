#pragma once
// --where FIELD=VALUE (and != < <= > >=): which events a window tool looks at.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "window/event_reader.hpp"

namespace rivulet {

enum class Comparison { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// One condition, FIELD OP VALUE. VALUE is compared as the field's own type: a number
// numerically (width=1280 matches 1280 and 1280.0), a string as text (ordered bytewise), a
// boolean against true or false (in any case: True, FALSE), null and objects and arrays by
// their JSON text (= and != only). A missing field never holds, not even for !=.
struct FieldCondition {
  FieldPath field;
  Comparison op = Comparison::kEqual;
  std::string value;
  bool value_is_number = false;
  double number = 0;
  bool value_is_bool = false;
  bool boolean = false;
  std::string text;  // as written, for messages
};

// Parses "FIELD=VALUE", "FIELD!=VALUE", "FIELD<VALUE", ... (split at the first of = ! < >).
// False with *err on text without an operator or with an empty field name.
bool parse_field_condition(std::string_view text, FieldCondition* condition, std::string* err);
// A comma-separated list of conditions ("event=beat,width>=1280"), appended to *conditions.
bool parse_field_conditions(std::string_view text, std::vector<FieldCondition>* conditions,
                            std::string* err);

// All conditions must hold (they are ANDed); no conditions selects everything.
class EventFilter {
 public:
  explicit EventFilter(std::vector<FieldCondition> conditions);

  // kBad with *err when a field looked at is malformed JSON.
  Selection select(JsonDocument& doc, std::string* err);
  bool empty() const { return conditions_.empty(); }

  // A condition that cannot hold for the type its field turned out to have ("keyframe=yes"
  // on a boolean), once per condition; empty when there is nothing new to say.
  std::string take_type_note();
  // The conditions whose field no event has had so far, for a warning at the end.
  std::vector<std::string> never_seen() const;

 private:
  std::vector<FieldCondition> conditions_;
  std::vector<uint8_t> seen_;      // per condition: its field appeared
  std::vector<uint8_t> mismatch_;  // per condition: 1 type never matches, 2 reported
};

}  // namespace rivulet
