#include "json/field_path.hpp"

namespace rivulet {

FieldPath::FieldPath(std::string_view text) : text_(text) {
  std::string part;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == '.') {
      part += '.';
      ++i;
    } else if (c == '.') {
      parts_.push_back(std::move(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!text.empty()) parts_.push_back(std::move(part));
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (i > 0) literal_ += '.';
    literal_ += parts_[i];
  }
}

std::vector<FieldPath> parse_field_list(std::string_view text) {
  std::vector<FieldPath> fields;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view name = text.substr(start, comma - start);
    if (!name.empty()) fields.emplace_back(name);
    start = comma + 1;
  }
  return fields;
}

}  // namespace rivulet
