#pragma once
// ksub's output: a consumed message as its value line, or as a kcat -J style envelope.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kafka/json_validator.hpp"

namespace rivulet {

// A consumed message, independent of librdkafka so formatting is tested without a broker.
struct ConsumedMessage {
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view timestamp_type;  // "create", "logappend", or empty when not available
  int64_t timestamp_ms = 0;
  int32_t broker = -1;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  bool has_headers = false;
  std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;
};

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
