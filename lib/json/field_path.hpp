#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// A field name as written on the command line: "bitrate_kbps" or a dotted path "a.b".
// A name that itself contains a dot can be given with the dot escaped: "a\.b". A dotted path
// also names a key that holds the dots literally ({"a.b":1}, as window tools write a key
// given as --by a.b): lookups try that key first, then the nested path.
class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::string_view text);

  const std::string& text() const { return text_; }
  const std::vector<std::string>& parts() const { return parts_; }
  // The parts joined with dots: the key a dotted path names literally ("a.b" for a.b).
  const std::string& literal() const { return literal_; }
  bool empty() const { return parts_.empty(); }

 private:
  std::string text_;
  std::vector<std::string> parts_;
  std::string literal_;
};

// Splits a comma-separated list of field names ("stream,width"), for options like --by.
std::vector<FieldPath> parse_field_list(std::string_view text);

}  // namespace rivulet
