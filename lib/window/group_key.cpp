#include "window/group_key.hpp"

#include "json/json_writer.hpp"

namespace rivulet {

bool GroupKey::read_field(JsonDocument& doc, size_t i, std::string_view* raw, std::string* err) {
  // The common key, a string without escapes ("cam-1"), is its own raw token: no need for
  // get_raw_json to unescape a copy only to validate it. Stage 1 has already refused raw
  // control characters and unclosed strings, a string ends at its first unescaped quote, and
  // without a backslash there is no escape to check. Anything else takes get_raw_json.
  JsonValue value;
  switch (find_field(doc, fields_[i], &value, err)) {
    case FieldStatus::kOk:
      break;
    case FieldStatus::kMissing:
      *raw = "null";
      return true;
    default:
      return false;
  }
  std::string_view token = trim_json_whitespace(value.raw_json_token());
  if (is_plain_string(token)) {
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
  parts_.resize(fields_.size());
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!read_field(doc, i, &parts_[i], err)) return false;
  }
  *key = join(parts_.data(), buffer);
  return true;
}

std::string_view GroupKey::join(const std::string_view* parts, std::string* buffer) const {
  // The common case of one key field: the token itself, without a copy.
  if (fields_.size() == 1) return parts[0];
  buffer->clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) *buffer += '\n';
    buffer->append(parts[i].data(), parts[i].size());
  }
  return *buffer;
}

void GroupKey::write(std::string_view key, JsonObjectWriter& out) const {
  for (const FieldPath& field : fields_) {
    size_t end = key.find('\n');
    out.key(field.text()).raw(key.substr(0, end));
    key.remove_prefix(end == std::string_view::npos ? key.size() : end + 1);
  }
}

}  // namespace rivulet
