#include "window/event_filter.hpp"

#include <cmath>
#include <cstdlib>

namespace rivulet {

namespace {

// Strict JSON-ish number text: what strtod reads must be the whole value, and finite.
bool parse_number(const std::string& text, double* out) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return false;
  // strtod also reads "inf", "nan" and hex floats; only decimal numbers count here.
  for (char c : text) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' ||
          c == 'e' || c == 'E')) {
      return false;
    }
  }
  *out = v;
  return true;
}

}  // namespace

bool parse_field_condition(std::string_view text, FieldCondition* condition, std::string* err) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    *err = "\"" + std::string(text) + "\" is not FIELD=VALUE";
    return false;
  }
  if (eq == 0) {
    *err = "\"" + std::string(text) + "\" has an empty field name";
    return false;
  }
  condition->field = FieldPath(text.substr(0, eq));
  condition->value = std::string(text.substr(eq + 1));
  condition->value_is_number = parse_number(condition->value, &condition->number);
  return true;
}

Selection EventFilter::select(JsonDocument& doc, std::string* err) const {
  using simdjson::ondemand::json_type;
  for (const FieldCondition& c : conditions_) {
    JsonValue value;
    FieldStatus s = find_field(doc, c.field, &value, err);
    if (s == FieldStatus::kMissing) return Selection::kSkipped;
    if (s != FieldStatus::kOk) return Selection::kBad;
    json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      *err = "field \"" + c.field.text() + "\" is not valid JSON";
      return Selection::kBad;
    }
    bool match;
    if (type == json_type::string) {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        *err = "field \"" + c.field.text() + "\" is not a valid string";
        return Selection::kBad;
      }
      match = text == c.value;
    } else if (type == json_type::number && c.value_is_number) {
      double d;
      if (value.get_double().get(d) != simdjson::SUCCESS) {
        *err = "field \"" + c.field.text() + "\" is not a valid number";
        return Selection::kBad;
      }
      match = d == c.number;
    } else if (type == json_type::number) {
      match = false;
    } else {
      std::string_view raw;
      if (get_raw_json(doc, c.field, &raw, err) != FieldStatus::kOk) return Selection::kBad;
      match = raw == c.value;
    }
    if (!match) return Selection::kSkipped;
  }
  return Selection::kSelected;
}

}  // namespace rivulet
