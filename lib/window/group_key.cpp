#include "window/group_key.hpp"

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

// A loop, not memchr: keys are a few bytes, shorter than a call costs.
bool has_backslash(std::string_view text) {
  for (char c : text) {
    if (c == '\\') return true;
  }
  return false;
}

}  // namespace

bool GroupKey::read_field(JsonDocument& doc, size_t i, std::string_view* raw,
                          std::string* err) {
  // The common key, a string without escapes ("cam-1"), is its own raw token: no need for
  // get_raw_json to unescape a copy only to validate it. Stage 1 has already refused raw
  // control characters and unclosed strings, a string ends at its first unescaped quote, and
  // without a backslash there is no escape to check. Anything else takes get_raw_json.
  JsonValue value;
  switch (find_field(doc, fields_[i], &value, err)) {
    case FieldStatus::kOk: break;
    case FieldStatus::kMissing: *raw = "null"; return true;
    default: return false;
  }
  std::string_view token = trim_json_whitespace(value.raw_json_token());
  if (token.size() >= 2 && token[0] == '"' && token.back() == '"' && !has_backslash(token)) {
    *raw = token;
    return true;
  }
  if (get_raw_json(value, fields_[i], raw, err) != FieldStatus::kOk) return false;
  if (!check_.valid(*raw)) {
    *err = "field \"" + fields_[i].text() + "\" is not valid JSON";
    return false;
  }
  return true;
}

bool GroupKey::read(JsonDocument& doc, std::string* buffer, std::string_view* key,
                    std::string* err) {
  // The common case of one key field: the token itself, without a copy.
  if (fields_.size() == 1) return read_field(doc, 0, key, err);
  buffer->clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) *buffer += '\n';
    std::string_view raw;
    if (!read_field(doc, i, &raw, err)) return false;
    buffer->append(raw.data(), raw.size());
  }
  *key = *buffer;
  return true;
}

void GroupKey::write(std::string_view key, JsonObjectWriter& out) const {
  for (const FieldPath& field : fields_) {
    size_t end = key.find('\n');
    out.key(field.text()).raw(key.substr(0, end));
    key.remove_prefix(end == std::string_view::npos ? key.size() : end + 1);
  }
}

}  // namespace rivulet
