#include "json/json_validator.hpp"

#include "json/json_token.hpp"

namespace rivulet {

namespace {

using simdjson::ondemand::json_type;

constexpr int kMaxDepth = 1024;  // simdjson's own default

bool valid_value(simdjson::ondemand::value value, int depth) {
  json_type type;
  if (depth > kMaxDepth || value.type().get(type) != simdjson::SUCCESS) return false;
  switch (type) {
    case json_type::object: {
      simdjson::ondemand::object object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return false;
      for (auto field : object) {
        std::string_view key;
        simdjson::ondemand::value child;
        if (field.unescaped_key().get(key) != simdjson::SUCCESS ||
            field.value().get(child) != simdjson::SUCCESS || !valid_value(child, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case json_type::array: {
      simdjson::ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      for (auto item : array) {
        simdjson::ondemand::value child;
        if (item.get(child) != simdjson::SUCCESS || !valid_value(child, depth + 1)) return false;
      }
      return true;
    }
    case json_type::string: {
      std::string_view text;
      return value.get_string().get(text) == simdjson::SUCCESS;
    }
    case json_type::number:
      return is_json_scalar(trim_json_whitespace(value.raw_json_token()));
    case json_type::boolean: {
      bool b = false;
      return value.get_bool().get(b) == simdjson::SUCCESS;
    }
    case json_type::null: {
      bool is_null = false;
      return value.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
  }
  return false;
}

}  // namespace

bool JsonValidator::valid(std::string_view text, std::string* err) {
  has_dom_ = false;
  if (!text.empty() && text[0] != '{' && text[0] != '[' && is_json_scalar(text)) return true;
  simdjson::error_code e = dom_parser_.parse(text.data(), text.size(), false).get(root_);
  has_dom_ = e == simdjson::SUCCESS;
  if (has_dom_ || (e == simdjson::NUMBER_ERROR && valid_on_demand(text))) return true;
  if (err != nullptr) *err = std::string("invalid JSON: ") + simdjson::error_message(e);
  return false;
}

bool JsonValidator::valid_on_demand(std::string_view text) {
  simdjson::ondemand::document doc;
  simdjson::padded_string_view padded(text.data(), text.size(),
                                      text.size() + simdjson::SIMDJSON_PADDING);
  if (ondemand_parser_.iterate(padded).get(doc) != simdjson::SUCCESS) return false;
  json_type type;
  if (doc.type().get(type) != simdjson::SUCCESS) return false;
  if (type == json_type::number) {
    // The whole text must be that number: a root scalar's raw token can stop short of
    // bytes that follow it ("2\x1a j" read as 2; found by fuzzing).
    std::string_view whole = trim_json_whitespace(text);
    whole.remove_prefix(json_whitespace_prefix(whole));
    return is_json_scalar(whole);
  }
  if (type != json_type::object && type != json_type::array) return false;
  simdjson::ondemand::value root;
  if (doc.get_value().get(root) != simdjson::SUCCESS || !valid_value(root, 0)) return false;
  // Nothing may follow the root value: past the last token there is no location.
  const char* trailing = nullptr;
  return doc.current_location().get(trailing) != simdjson::SUCCESS;
}

}  // namespace rivulet
