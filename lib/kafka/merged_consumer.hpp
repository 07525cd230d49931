#pragma once
// ksub's reading loop between the Consumer and the output: the assigned partitions merged
// in event-time order (PartitionMerge), or passed on as they arrive.

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "json/json_line.hpp"
#include "kafka/consumer.hpp"
#include "kafka/partition_merge.hpp"
#include "time/clock.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

struct MergedConsumerSettings {
  bool merge = true;  // false: in arrival order, as kcat writes them
  MergeSettings merge_settings;
  // The time to merge by: this payload field, or (unset) the message timestamp.
  std::optional<EventTimeReader> time_field;
};

class MergedConsumer {
 public:
  // `consumer` (and `clock`, default: the system's, which times the merge's waits) must
  // outlive this.
  MergedConsumer(Consumer* consumer, MergedConsumerSettings settings, const Clock* clock = nullptr);
  ~MergedConsumer();
  MergedConsumer(const MergedConsumer&) = delete;
  MergedConsumer& operator=(const MergedConsumer&) = delete;

  // Polls the consumer, waiting up to timeout_ms (less when a partition's wait ends
  // sooner), and returns the messages that may be written now, in order. They stay valid
  // until the next call. Throws what Consumer::poll throws.
  std::vector<ConsumedMessage>& poll(int timeout_ms);

  // Every buffered message, in time order, waiting for nothing: -e at the end, a stop.
  std::vector<ConsumedMessage>& drain();

  // Messages read but not handed out yet.
  size_t buffered() const { return merge_.buffered(); }

 private:
  void follow_assignment(int64_t now_ns);
  int64_t time_of(const ConsumedMessage& message);
  // The merge holds pointers into pool_: a slot is reused once its message went out, so
  // buffering costs no allocation per message.
  ConsumedMessage* hold(ConsumedMessage message);
  ConsumedMessage release(void* held);

  Consumer* consumer_;
  MergedConsumerSettings settings_;
  const Clock* clock_;
  PartitionMerge merge_;
  uint64_t assignment_changes_ = 0;
  std::vector<ConsumedMessage> fetched_;
  std::vector<ConsumedMessage> out_;
  std::deque<ConsumedMessage> pool_;  // a deque: pointers to its elements stay valid
  std::vector<ConsumedMessage*> free_;
  std::vector<void*> dropped_;
  std::vector<int> pause_, resume_;
  std::set<TopicPartition> paused_;   // paused by this, not resumed yet
  std::vector<int64_t> next_offset_;  // per slot: after the last message received, or -1
  JsonLineParser parser_;
  JsonDocument doc_;
  std::string padded_;
  std::string err_;
};

}  // namespace rivulet
