#include "window/group_key.hpp"

#include "json/json_writer.hpp"

namespace rivulet {

bool GroupKey::read(JsonDocument& doc, std::string* key, std::string* err) const {
  key->clear();
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) *key += '\n';
    std::string_view raw;
    switch (get_raw_json(doc, fields_[i], &raw, err)) {
      case FieldStatus::kOk: key->append(raw.data(), raw.size()); break;
      case FieldStatus::kMissing: *key += "null"; break;
      default: return false;
    }
  }
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
