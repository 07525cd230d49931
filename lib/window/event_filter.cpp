#include "window/event_filter.hpp"

#include <fmt/format.h>
#include <strings.h>

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

template <typename T>
bool compare(Comparison op, const T& a, const T& b) {
  switch (op) {
    case Comparison::kEqual:
      return a == b;
    case Comparison::kNotEqual:
      return a != b;
    case Comparison::kLess:
      return a < b;
    case Comparison::kLessEqual:
      return a <= b;
    case Comparison::kGreater:
      return a > b;
    case Comparison::kGreaterEqual:
      return a >= b;
  }
  return false;
}

bool is_equality(Comparison op) { return op == Comparison::kEqual || op == Comparison::kNotEqual; }

}  // namespace

bool parse_field_condition(std::string_view text, FieldCondition* condition, std::string* err) {
  size_t at = text.find_first_of("=!<>");
  if (at == std::string_view::npos) {
    *err = "\"" + std::string(text) + "\" is not FIELD=VALUE (or !=, <, <=, >, >=)";
    return false;
  }
  if (at == 0) {
    *err = "\"" + std::string(text) + "\" has an empty field name";
    return false;
  }
  std::string_view rest = text.substr(at);
  struct Operator {
    std::string_view text;
    Comparison op;
  };
  static const Operator kOperators[] = {
      {"!=", Comparison::kNotEqual},     {"<=", Comparison::kLessEqual},
      {">=", Comparison::kGreaterEqual}, {"=", Comparison::kEqual},
      {"<", Comparison::kLess},          {">", Comparison::kGreater}};
  const Operator* found = nullptr;
  for (const Operator& o : kOperators) {
    if (rest.substr(0, o.text.size()) == o.text) {
      found = &o;
      break;
    }
  }
  if (found == nullptr) {
    *err = "\"" + std::string(text) + "\" is not FIELD=VALUE (or !=, <, <=, >, >=)";
    return false;
  }
  condition->field = FieldPath(text.substr(0, at));
  condition->op = found->op;
  condition->value = std::string(rest.substr(found->text.size()));
  condition->value_is_number = parse_number(condition->value, &condition->number);
  condition->value_is_bool = strcasecmp(condition->value.c_str(), "true") == 0 ||
                             strcasecmp(condition->value.c_str(), "false") == 0;
  condition->boolean = strcasecmp(condition->value.c_str(), "true") == 0;
  condition->text = std::string(text);
  return true;
}

bool parse_field_conditions(std::string_view text, std::vector<FieldCondition>* conditions,
                            std::string* err) {
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    FieldCondition c;
    if (!parse_field_condition(text.substr(start, comma - start), &c, err)) return false;
    conditions->push_back(std::move(c));
    start = comma + 1;
  }
  return true;
}

EventFilter::EventFilter(std::vector<FieldCondition> conditions)
    : conditions_(std::move(conditions)),
      seen_(conditions_.size(), 0),
      mismatch_(conditions_.size(), 0) {}

Selection EventFilter::select(JsonDocument& doc, std::string* err) {
  using simdjson::ondemand::json_type;
  for (size_t i = 0; i < conditions_.size(); ++i) {
    const FieldCondition& c = conditions_[i];
    JsonValue value;
    FieldStatus s = find_field(doc, c.field, &value, err);
    if (s == FieldStatus::kMissing) return Selection::kSkipped;
    if (s != FieldStatus::kOk) return Selection::kBad;
    seen_[i] = 1;
    json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      *err = "field \"" + c.field.text() + "\" is not valid JSON";
      return Selection::kBad;
    }
    bool match = false;
    bool comparable = true;
    if (type == json_type::string) {
      std::string_view text;
      if (value.get_string().get(text) != simdjson::SUCCESS) {
        *err = "field \"" + c.field.text() + "\" is not a valid string";
        return Selection::kBad;
      }
      match = compare<std::string_view>(c.op, text, c.value);
    } else if (type == json_type::number) {
      double d;
      if (value.get_double().get(d) != simdjson::SUCCESS) {
        *err = "field \"" + c.field.text() + "\" is not a valid number";
        return Selection::kBad;
      }
      comparable = c.value_is_number;
      match = comparable && compare(c.op, d, c.number);
    } else if (type == json_type::boolean) {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) {
        *err = "field \"" + c.field.text() + "\" is not a valid boolean";
        return Selection::kBad;
      }
      comparable = c.value_is_bool && is_equality(c.op);
      match = comparable && compare(c.op, b, c.boolean);
    } else {
      std::string_view raw;
      if (get_raw_json(doc, c.field, &raw, err) != FieldStatus::kOk) return Selection::kBad;
      comparable = is_equality(c.op);
      match = comparable && compare<std::string_view>(c.op, raw, c.value);
    }
    if (!comparable && mismatch_[i] == 0) mismatch_[i] = 1;
    if (!match) return Selection::kSkipped;
  }
  return Selection::kSelected;
}

std::string EventFilter::take_type_note() {
  for (size_t i = 0; i < conditions_.size(); ++i) {
    if (mismatch_[i] != 1) continue;
    mismatch_[i] = 2;
    const FieldCondition& c = conditions_[i];
    return fmt::format(
        "--where {}: field \"{}\" holds values that cannot be compared this way with \"{}\" "
        "(numbers compare with numbers, booleans with true or false by = or !=), so such "
        "events are not counted",
        c.text, c.field.text(), c.value);
  }
  return {};
}

std::vector<std::string> EventFilter::never_seen() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < conditions_.size(); ++i) {
    if (!seen_[i]) out.push_back(conditions_[i].field.text());
  }
  return out;
}

}  // namespace rivulet
