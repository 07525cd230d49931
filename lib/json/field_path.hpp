#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// A field name as written on the command line: "bitrate_kbps" or a dotted path "a.b".
// A name that itself contains a dot can be given with the dot escaped: "a\.b".
class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string_view text);

  const std::string& text() const { return text_; }
  const std::vector<std::string>& parts() const { return parts_; }
  bool empty() const { return parts_.empty(); }

 private:
  std::string text_;
  std::vector<std::string> parts_;
};

// Splits a comma-separated list of field names ("stream,width"), for options like --by.
std::vector<FieldPath> parse_field_list(std::string_view text);

}  // namespace rivulet
