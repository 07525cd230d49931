// ksub's envelope into kpub --envelope, on arbitrary messages: every envelope ksub writes is
// one that kpub publishes, and a message whose key, payload and headers are UTF-8 text is
// published with the same key, payload, headers and timestamp (other bytes cannot travel in
// JSON text: ksub writes them as U+FFFD). And kpub never crashes on an arbitrary line given
// as an envelope.
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/line_reader.hpp"
#include "kafka/line_publisher.hpp"
#include "kafka/message_formatter.hpp"

using namespace rivulet;

namespace {

class RecordingSink : public MessageSink {
 public:
  bool produced = false;
  OutgoingMessage message;
  std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  std::string key, value;
  bool produce(const OutgoingMessage& m, std::string*) override {
    produced = true;
    message = m;
    key = std::string(m.key);
    value = std::string(m.value);
    headers.clear();
    for (const auto& h : m.headers) {
      headers.emplace_back(h.name,
                           h.null_value ? std::nullopt : std::optional<std::string>(h.value));
    }
    return true;
  }
};

// Splits the input at 0xFF bytes into the parts of a message.
std::vector<std::string_view> split(std::string_view data) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t end = data.find('\xff', start);
    if (end == std::string_view::npos) {
      parts.push_back(data.substr(start));
      return parts;
    }
    parts.push_back(data.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view data(reinterpret_cast<const char*>(bytes), size);
  RecordingSink sink;
  PublishOptions options;
  options.envelope = true;
  LinePublisher publisher(options, &sink);
  std::string err;

  // 1. The raw input as an envelope line: any outcome but a crash is fine.
  std::string raw(data);
  size_t raw_length = raw.size();
  raw.resize(raw_length + kLinePadding, ' ');
  if (raw.find('\n') == std::string::npos) {
    publisher.publish(std::string_view(raw.data(), raw_length), 1, &err);
  }

  // 2. Round trip: parts are payload, key, then header name/value pairs.
  std::vector<std::string_view> parts = split(data);
  ConsumedMessage m;
  m.topic = "t";
  m.timestamp_type = "create";
  m.timestamp_ms = 1700000000000 + static_cast<int64_t>(size);
  m.value = parts[0];
  if (parts.size() > 1) m.key = parts[1];
  for (size_t i = 2; i + 1 < parts.size(); i += 2) {
    m.has_headers = true;
    m.headers.emplace_back(parts[i], parts[i + 1]);
  }
  static MessageFormatter formatter;
  std::string line;
  formatter.append_envelope(m, line);
  size_t length = line.size();
  line.resize(length + kLinePadding, ' ');
  sink.produced = false;
  if (!publisher.publish(std::string_view(line.data(), length), 2, &err)) abort();
  if (!sink.produced) abort();
  for (std::string_view part : parts) {
    if (!simdjson::validate_utf8(part.data(), part.size())) return 0;
  }
  if (sink.value != *m.value) abort();
  if (sink.message.has_key != m.key.has_value()) abort();
  if (m.key && sink.key != *m.key) abort();
  if (sink.message.timestamp_ms != m.timestamp_ms) abort();
  if (sink.headers.size() != m.headers.size()) abort();
  for (size_t i = 0; i < m.headers.size(); ++i) {
    if (sink.headers[i].first != m.headers[i].first) abort();
    if (sink.headers[i].second != std::optional<std::string>(*m.headers[i].second)) abort();
  }
  return 0;
}
