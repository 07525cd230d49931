#pragma once
// ksub's event-time merge: the messages of the partitions it reads, buffered per partition and
// handed out smallest time first, waiting for a partition only while it may still bring an
// earlier message.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "kafka/partition_progress.hpp"
#include "window/event_clock.hpp"

namespace rivulet {

struct MergeSettings {
  // How long a partition that is read to its end and has nothing buffered holds the others
  // back (ksub --max-idle; Kafka Streams' max.task.idle.ms): a silent partition delays the
  // rest by at most this much, then its messages may come after later ones of the others.
  int64_t idle_ns = 250'000'000;
  // How long a partition that still has unread messages on the broker holds the others back
  // while its next fetch is on the way. Only a partition whose fetches fail waits this long.
  int64_t lagging_wait_ns = 10'000'000'000;
  // Buffered bytes of all partitions together. Past it, the partitions over an equal share
  // (never less than min_share_bytes) should be paused: the messages the merge needs next
  // may sit behind theirs in the client's queue. One budget rather than one per partition
  // keeps memory flat whatever the partition count.
  size_t max_buffered_bytes = 64u << 20;
  size_t min_share_bytes = 64u << 10;
  // What a buffered message costs beyond its payload: the client's message and bookkeeping
  // (librdkafka's op and message structs, this merge's record). Counting payload alone let
  // small messages take three times the budget.
  size_t message_overhead_bytes = 512;
  // A message this far ahead of its partition's previous ones (a far-future time) is merged
  // at its neighbours' time, or it would hold back the rest of its partition behind every
  // other partition's messages until then (see JumpGuard).
  int64_t max_jump_ms = JumpGuard::kDefaultMaxJumpNs / 1000000;
};

// Partitions are slots (0, 1, ...) in the order of the last assign(). A message is held as an
// opaque pointer: the caller owns it, and gets back every pointer it pushed, from pop() (to
// write) or from assign() (dropped: its partition went to another consumer).
//
// The order is Kafka Streams': the buffered message with the smallest time goes next, unless
// a partition with nothing buffered may still bring an earlier one, i.e. its fetch is pending
// (not at its end: wait up to lagging_wait_ns from when it ran empty) or it reached its end
// less than idle_ns ago. The idle wait runs from when the end was reached, not from when the
// partition's last message was written: in a backlog a partition read to its end long ago
// holds nothing back when the others catch up with it.
// Within a partition the order is always the partition's own. Equal times go out in slot
// order, so the same input gives the same output.
class PartitionMerge {
 public:
  static constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

  struct Record {
    int64_t time_ms = 0;
    size_t bytes = 0;
    void* message = nullptr;
  };

  explicit PartitionMerge(MergeSettings settings) : settings_(settings) {}

  // The partitions read from now on. Partitions that stay keep their buffers; the buffered
  // messages of the others are appended to *dropped. New partitions start waiting for their
  // first fetch.
  void assign(const std::vector<TopicPartition>& partitions, int64_t now_ns,
              std::vector<void*>* dropped);
  const std::vector<TopicPartition>& partitions() const { return partitions_; }

  // The slot of a partition, or -1 if it is not assigned.
  int slot(std::string_view topic, int32_t partition) const;

  // Buffers a message of the slot. kNoTime (no timestamp), or a time that JumpGuard holds
  // back, takes the time of the message before it in the partition, so it goes out with its
  // neighbours.
  //
  // The first message after a quiet spell (nothing pushed for idle_ns) into a partition read
  // to its end makes every empty partition at its end wait idle_ns afresh: a burst into a caught-up
  // consumer (a replay at full speed, a producer resuming) reaches the partitions fetch by fetch,
  // and the first partition to show its part must not run ahead of the others' parts.
  void push(int slot, int64_t time_ms, size_t bytes, void* message, int64_t now_ns);

  // Whether the slot has been read to its end (the broker has nothing more for now).
  void set_at_end(int slot, bool at_end, int64_t now_ns);

  // The next message to write, if one may go now; false if the merge must wait (or is empty).
  bool pop(int64_t now_ns, Record* out);
  // The next message in time order, waiting for nothing: end of input, stop.
  bool pop_any(int64_t now_ns, Record* out);

  // When pop() returned false with messages buffered: the wall time at which the partition
  // it waits for stops holding the others back (without news from it).
  int64_t wait_until_ns() const { return wait_until_ns_; }

  // Each slot's share of max_buffered_bytes.
  size_t share_bytes() const;
  // While the buffers hold more than the budget: slots over their share since the last call
  // (to pause). Paused slots drained to half their share, or all of them once the buffers
  // hold half the budget (to resume).
  void pause_changes(std::vector<int>* pause, std::vector<int>* resume);

  bool empty() const { return buffered_ == 0; }
  size_t buffered() const { return buffered_; }
  size_t buffered_bytes(int slot) const { return slots_[slot].bytes; }

 private:
  struct Slot {
    std::deque<Record> records;
    size_t bytes = 0;
    int64_t last_time_ms = kNoTime;
    JumpGuard jumps{0};
    bool at_end = false;
    bool paused = false;
    bool waiting = false;  // listed in waiting_
    int64_t since_ns = 0;  // when it became empty (or was assigned)
    int64_t end_ns = 0;    // when it was last seen reaching its end (or a burst began)
  };
  struct HeapEntry {
    int64_t time_ms;
    int slot;
  };

  void start_waiting(int slot, int64_t now_ns);
  bool held_back(int64_t now_ns);
  static bool after(const HeapEntry& a, const HeapEntry& b);
  Record take_head(int64_t now_ns);
  void heap_push(int slot);
  void rebuild_heap();

  MergeSettings settings_;
  std::vector<TopicPartition> partitions_;
  std::vector<std::string> topics_;                  // distinct topic names
  std::vector<std::vector<int>> slot_by_partition_;  // per topic: partition -> slot or -1
  std::vector<Slot> slots_;
  std::vector<HeapEntry> heap_;  // non-empty slots by head time (min-heap)
  std::vector<int> waiting_;     // empty slots that may still hold the others back
  size_t buffered_ = 0;
  size_t total_bytes_ = 0;
  int64_t wait_until_ns_ = 0;
  int64_t last_push_ns_ = std::numeric_limits<int64_t>::min();
};

}  // namespace rivulet
