#pragma once
// Messages gathered per partition before they are handed to librdkafka a partition at a
// time. Value and key bytes are copied into one arena, so the caller's line buffer may be
// reused at once and memory stays one block however many partitions there are.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

struct BatchedMessage {
  std::string_view value;
  std::string_view key;
  uint64_t origin = 0;
};

class PartitionBatches {
 public:
  // Keeps a copy of value and key for `partition` (>= 0), after those added before it.
  void add(int32_t partition, std::string_view value, std::string_view key, uint64_t origin);

  // Bytes of values and keys held; the caller hands them over past its own threshold.
  size_t bytes() const { return arena_.size(); }
  size_t messages() const { return messages_; }
  bool empty() const { return messages_ == 0; }

  // Calls fn(partition, messages) for each partition holding messages, in ascending
  // partition order, each partition's messages in the order they were added. The views stay
  // valid until clear().
  template <typename Fn>
  void for_each_partition(Fn&& fn) {
    for (int32_t p : touched_) {
      std::vector<BatchedMessage>& out = views_;
      out.clear();
      for (const Entry& e : partitions_[p]) {
        out.push_back({std::string_view(arena_.data() + e.value_at, e.value_size),
                       std::string_view(arena_.data() + e.key_at, e.key_size), e.origin});
      }
      fn(p, out);
    }
  }

  // Forgets every message; the memory is kept for the next round.
  void clear();

 private:
  // Offsets, not pointers: the arena may move as it grows.
  struct Entry {
    size_t value_at;
    size_t key_at;
    size_t value_size;
    size_t key_size;
    uint64_t origin;
  };
  std::string arena_;
  std::vector<std::vector<Entry>> partitions_;
  std::vector<int32_t> touched_;  // partitions holding messages, kept sorted
  std::vector<BatchedMessage> views_;
  size_t messages_ = 0;
};

}  // namespace rivulet
