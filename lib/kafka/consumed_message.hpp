#pragma once
// A message as ksub's consumer hands it out: plain fields, independent of librdkafka, so
// formatting, merging and commit bookkeeping are tested without a broker.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace rivulet {

struct ConsumedMessage {
  std::string_view topic;  // the client's name for the topic: the same bytes for its messages
  int32_t partition = 0;
  int64_t offset = 0;
  std::string_view timestamp_type;  // "create", "logappend", or empty when not available
  int64_t timestamp_ms = -1;        // -1: none
  int32_t broker = -1;
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  bool has_headers = false;  // headers are read only when the consumer is asked for them
  std::vector<std::pair<std::string_view, std::optional<std::string_view>>> headers;

  // Keeps the bytes the views point into alive (the client's message), released with the
  // message. Empty for messages built by hand (tests), whose views point elsewhere.
  using Release = void (*)(void*);
  std::unique_ptr<void, Release> storage{nullptr, [](void*) {}};
};

}  // namespace rivulet
