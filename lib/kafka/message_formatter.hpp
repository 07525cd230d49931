#pragma once
// ksub's output: a consumed message as its value line, or as a kcat -J style envelope.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json_validator.hpp"
#include "kafka/consumed_message.hpp"

namespace rivulet {

class MessageFormatter {
 public:
  // Appends the value as one NDJSON line. The value must be one JSON text on one line (a
  // single trailing "\n" or "\r\n" is allowed and dropped); otherwise appends nothing and
  // returns false with *err.
  bool append_value_line(const ConsumedMessage& message, std::string& out, std::string* err);

  // Appends {"topic","partition","offset","tstype","ts","broker","headers","key","payload"}
  // as kcat -J names them (tstype/ts only when known, headers only when present). The
  // payload is embedded as JSON when it is a JSON object, array, number, boolean or null on
  // one line without surrounding blanks, so that kpub --envelope can publish the same bytes;
  // otherwise (strings included) it is a JSON string. A null payload is null.
  void append_envelope(const ConsumedMessage& message, std::string& out);

 private:
  // True if `text` is one valid JSON text; the check needs padded memory, hence the copy.
  bool is_json(std::string_view text, std::string* err);

  JsonValidator validator_;
  std::vector<char> padded_;
};

}  // namespace rivulet
