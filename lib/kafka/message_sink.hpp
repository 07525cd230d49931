#pragma once
// The narrow interface between kpub's line handling and a Kafka producer, so the line logic
// is unit-tested with a fake sink.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

struct OutgoingHeader {
  std::string name;  // NUL-terminated for librdkafka
  std::string_view value;
  bool null_value = false;
};

// One message to publish. The views must stay valid only for the duration of produce():
// producers copy what they keep.
struct OutgoingMessage {
  std::string_view value;
  bool null_value = false;  // a tombstone (null payload), from an envelope
  std::string_view key;
  bool has_key = false;
  std::vector<OutgoingHeader> headers;
  int64_t timestamp_ms = 0;  // 0: the producer's clock
  // Identifies the input line in delivery failures: source index and line number.
  uint64_t origin = 0;
};

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  // Queues a message. Blocks while the sink is full (back-pressure; never drops). Returns
  // false with *err if this message cannot be queued at all (e.g. larger than the
  // broker's limit); throws rivulet::Error if the sink cannot go on.
  virtual bool produce(const OutgoingMessage& message, std::string* err) = 0;
};

}  // namespace rivulet
