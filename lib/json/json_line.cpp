#include "json/json_line.hpp"

#include <algorithm>

namespace rivulet {

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "lines must be padded for simdjson");

namespace {

using simdjson::error_code;
using simdjson::ondemand::json_type;

std::string quoted(const FieldPath& path) { return "\"" + path.text() + "\""; }

// Back to the object's start, so the lookup that follows finds a key's first occurrence
// however far earlier lookups went (on-demand lookups go on from where the last one stopped:
// the rule for duplicate keys, rivulet(7)). A document that met malformed JSON is left
// alone: simdjson has abandoned it, and a lookup reports the error again.
void rewind(JsonDocument& doc) {
  if (doc.is_alive()) doc.rewind();
}

// Where the object that starts `text` ends (just past its closing brace), or npos when it
// does not end: a scan of strings and nesting only, for lines already known to be odd.
size_t object_end(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// True with *err naming it when an object is followed by more text on its line ("{...} x").
// Only lines that do not end with a brace are scanned: the rest costs one look at the end.
bool has_text_after_object(std::string_view line, std::string* err) {
  // JSON's whitespace: a line handed over with its "\n" still on is not "text after" it.
  size_t first = line.find_first_not_of(kJsonWhitespace);
  size_t last = line.find_last_not_of(kJsonWhitespace);
  if (last == std::string_view::npos || line[last] == '}' || line[first] != '{') return false;
  size_t end = object_end(line.substr(first));
  if (end == std::string_view::npos) return false;  // truncated: simdjson says so
  std::string_view rest = line.substr(first + end, last + 1 - (first + end));
  rest.remove_prefix(json_whitespace_prefix(rest));
  *err = "text after the JSON object: \"" + std::string(rest.substr(0, 20)) +
         (rest.size() > 20 ? "...\"" : "\"");
  return true;
}

}  // namespace

const char* json_type_name(json_type type) {
  switch (type) {
    case json_type::array:
      return "an array";
    case json_type::object:
      return "an object";
    case json_type::number:
      return "a number";
    case json_type::string:
      return "a string";
    case json_type::boolean:
      return "a boolean";
    case json_type::null:
      return "null";
  }
  return "an unknown value";
}

bool JsonLineParser::parse(std::string_view line, JsonDocument* doc, std::string* err) {
  if (has_text_after_object(line, err)) return false;
  auto result = parser_.iterate(line.data(), line.size(), line.size() + kLinePadding);
  if (result.error() != simdjson::SUCCESS) {
    *err = std::string("invalid JSON: ") + simdjson::error_message(result.error());
    return false;
  }
  *doc = std::move(result.value_unsafe());
  json_type type;
  if (auto e = doc->type().get(type); e != simdjson::SUCCESS) {
    *err = std::string("invalid JSON: ") + simdjson::error_message(e);
    return false;
  }
  if (type != json_type::object) {
    // type() only looks at the first byte; say "invalid JSON" for text like "not json".
    if (!validate(line, err)) return false;
    *err = std::string("expected a JSON object, got ") + json_type_name(type);
    return false;
  }
  return true;
}

bool JsonLineParser::validate(std::string_view line, std::string* err) {
  return validator_.valid(line, err);
}

FieldStatus find_field(JsonDocument& doc, const FieldPath& path, JsonValue* value,
                       std::string* err) {
  const auto& parts = path.parts();
  if (parts.empty()) {
    *err = "empty field name";
    return FieldStatus::kInvalid;
  }
  if (parts.size() > 1) {
    // A key holding the dots literally comes first, so names written by a window tool
    // (--by a.b gives the key "a.b") are found again under the name they were given.
    rewind(doc);
    error_code e = doc.find_field_unordered(path.literal()).get(*value);
    if (e == simdjson::SUCCESS) return FieldStatus::kOk;
    if (e != simdjson::NO_SUCH_FIELD) {
      *err = std::string("invalid JSON: ") + simdjson::error_message(e);
      return FieldStatus::kInvalid;
    }
  }
  rewind(doc);
  auto result = doc.find_field_unordered(parts[0]);
  for (size_t i = 0;; ++i) {
    error_code e = result.get(*value);
    if (e == simdjson::NO_SUCH_FIELD) {
      *err = "missing field " + quoted(path);
      return FieldStatus::kMissing;
    }
    if (e != simdjson::SUCCESS) {
      *err = std::string("invalid JSON: ") + simdjson::error_message(e);
      return FieldStatus::kInvalid;
    }
    if (i + 1 == parts.size()) return FieldStatus::kOk;
    json_type type;
    if (value->type().get(type) != simdjson::SUCCESS || type != json_type::object) {
      *err = "missing field " + quoted(path) + " (\"" + parts[i] + "\" is not an object)";
      return FieldStatus::kMissing;
    }
    result = value->find_field_unordered(parts[i + 1]);
  }
}

namespace {

FieldStatus wrong_type(const FieldPath& path, JsonValue& value, const char* wanted,
                       std::string* err) {
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) {
    *err = "field \"" + path.text() + "\" is not valid JSON";
    return FieldStatus::kInvalid;
  }
  *err = "field \"" + path.text() + "\" is " + json_type_name(type) + ", not " + wanted;
  return FieldStatus::kWrongType;
}

}  // namespace

// Finds `path` and checks that its value has type `expected`; `wanted` names the type for
// the message ("a number").
static FieldStatus find_typed(JsonDocument& doc, const FieldPath& path, json_type expected,
                              const char* wanted, JsonValue* value, std::string* err) {
  FieldStatus s = find_field(doc, path, value, err);
  if (s != FieldStatus::kOk) return s;
  json_type type;
  if (value->type().get(type) != simdjson::SUCCESS || type != expected) {
    return wrong_type(path, *value, wanted, err);
  }
  return FieldStatus::kOk;
}

FieldStatus get_number(JsonDocument& doc, const FieldPath& path, double* out, std::string* err) {
  JsonValue value;
  FieldStatus s = find_field(doc, path, &value, err);
  if (s != FieldStatus::kOk) return s;
  // Most values are numbers: convert at once (a failed conversion leaves the value as it
  // was) and look at the type only to explain a failure.
  if (value.get_double().get(*out) == simdjson::SUCCESS) return FieldStatus::kOk;
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS || type != json_type::number) {
    return wrong_type(path, value, "a number", err);
  }
  *err = "field \"" + path.text() + "\" is not a valid number";
  return FieldStatus::kInvalid;
}

FieldStatus get_int64(JsonDocument& doc, const FieldPath& path, int64_t* out, std::string* err) {
  JsonValue value;
  FieldStatus s = find_typed(doc, path, json_type::number, "an integer", &value, err);
  if (s != FieldStatus::kOk) return s;
  if (value.get_int64().get(*out) != simdjson::SUCCESS) {
    *err = "field \"" + path.text() + "\" is not an integer in the 64-bit range";
    return FieldStatus::kWrongType;
  }
  return FieldStatus::kOk;
}

FieldStatus get_bool(JsonDocument& doc, const FieldPath& path, bool* out, std::string* err) {
  JsonValue value;
  FieldStatus s = find_typed(doc, path, json_type::boolean, "a boolean", &value, err);
  if (s != FieldStatus::kOk) return s;
  if (value.get_bool().get(*out) != simdjson::SUCCESS) {
    *err = "field \"" + path.text() + "\" is not a valid boolean";
    return FieldStatus::kInvalid;
  }
  return FieldStatus::kOk;
}

FieldStatus get_string(JsonDocument& doc, const FieldPath& path, std::string_view* out,
                       std::string* err) {
  JsonValue value;
  FieldStatus s = find_typed(doc, path, json_type::string, "a string", &value, err);
  if (s != FieldStatus::kOk) return s;
  if (value.get_string().get(*out) != simdjson::SUCCESS) {
    *err = "field \"" + path.text() + "\" is not a valid string";
    return FieldStatus::kInvalid;
  }
  return FieldStatus::kOk;
}

FieldStatus get_raw_json(JsonDocument& doc, const FieldPath& path, std::string_view* out,
                         std::string* err) {
  JsonValue value;
  FieldStatus s = find_field(doc, path, &value, err);
  if (s != FieldStatus::kOk) return s;
  return get_raw_json(value, path, out, err);
}

FieldStatus get_raw_json(JsonValue& value, const FieldPath& path, std::string_view* out,
                         std::string* err) {
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) {
    *err = "field \"" + path.text() + "\" is not valid JSON";
    return FieldStatus::kInvalid;
  }
  if (type == json_type::object || type == json_type::array) {
    simdjson::error_code e;
    if (type == json_type::object) {
      simdjson::ondemand::object object;
      e = value.get_object().get(object);
      if (e == simdjson::SUCCESS) e = object.raw_json().get(*out);
    } else {
      simdjson::ondemand::array array;
      e = value.get_array().get(array);
      if (e == simdjson::SUCCESS) e = array.raw_json().get(*out);
    }
    if (e != simdjson::SUCCESS) {
      *err = "field \"" + path.text() + "\" is not valid JSON";
      return FieldStatus::kInvalid;
    }
  } else {
    // type() looks only at the first byte: read the scalar once so a token like "tru" or
    // "1.2.3" is refused here instead of being copied into output as if it were JSON.
    *out = value.raw_json_token();
    bool valid = false;
    switch (type) {
      case json_type::number:
        // By the grammar, not by conversion: 1e999999 and integers wider than 64 bits are
        // valid JSON though no double or int64 holds them, and they travel as written.
        valid = scan_json_number(*out);
        break;
      case json_type::string: {
        std::string_view sv;
        valid = value.get_string().get(sv) == simdjson::SUCCESS;
        break;
      }
      case json_type::boolean: {
        bool b;
        valid = value.get_bool().get(b) == simdjson::SUCCESS;
        break;
      }
      case json_type::null: {
        bool is_null = false;
        valid = value.is_null().get(is_null) == simdjson::SUCCESS && is_null;
        break;
      }
      default:
        break;
    }
    if (!valid) {
      *err = "field \"" + path.text() + "\" is not valid JSON";
      return FieldStatus::kInvalid;
    }
  }
  *out = trim_json_whitespace(*out);
  return FieldStatus::kOk;
}

}  // namespace rivulet
