#pragma once
// --checkpoint: one set of windows (engine) per source partition and assignment, the engine
// key's tag (CheckpointKeys). A partition assigned while this stage's watermark is ahead of
// it (a rebalance: it is read again from the offset its last owner committed, or from this
// member's own older commit) needs windows the shared watermark has closed already: in one
// engine its events would be late and those windows lost. Here its engine closes windows on
// the partition's own event time until the partition has caught up with the shared
// watermark, then follows it like every other: each window of the partition is computed
// whole, whichever member reads it and whenever it was assigned.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "window/checkpoint_keys.hpp"
#include "window/event_windows.hpp"
#include "window/window_tool.hpp"

namespace rivulet {

// One partition's windows, and how far they follow the shared watermark.
struct EventWindows::TagPart {
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  std::unique_ptr<EventWindows> windows;
  int64_t max_time_ns = kNone;   // its latest event
  int64_t watermark_ns = kNone;  // what its windows were advanced to
  bool caught_up = false;        // follows the shared watermark
};

class PartitionWindows : public EventWindows {
 public:
  using Factory = std::function<std::unique_ptr<EventWindows>()>;
  // `make` builds one partition's windows (all writing to the same output). A partition
  // has caught up once its latest event is at most lateness_ns behind the shared
  // watermark: no window it still needs is closed on that watermark then.
  PartitionWindows(Factory make, int64_t lateness_ns);

  bool accepts(int64_t time_ns) const override { return prototype_->accepts(time_ns); }
  Placement add(int64_t time_ns, std::string_view key) override {
    return add_unless_stored(time_ns, key, std::numeric_limits<int64_t>::min());
  }
  // `key` is an engine key (CheckpointKeys): its tag picks the partition's windows.
  Placement add_unless_stored(int64_t time_ns, std::string_view key,
                              int64_t stored_through_ns) override;
  int64_t last_window_end(int64_t time_ns) const override {
    return prototype_->last_window_end(time_ns);
  }
  // The oldest bound of the partitions' windows (closed_through_of says each one's).
  std::optional<int64_t> closed_through() const override;
  std::optional<int64_t> closed_through_of(std::string_view tag) const override;
  void set_segment(uint64_t segment) override { segment_ = segment; }
  TagPart* part_of_tag(std::string_view tag) override;
  void select(TagPart* part, uint64_t segment) override {
    selected_ = part;
    segment_ = segment;
  }
  bool open_segments(
      const std::function<void(std::string_view key, uint64_t segment)>& fn) const override;
  void discard(std::string_view tag) override;

  void advance(int64_t watermark_ns) override;
  void close_all() override;
  std::string progress() const override;
  // Partitions with windows (for tests).
  size_t partitions() const { return parts_.size(); }

 private:
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
  TagPart& part_of(std::string_view key);
  // Advances the part to its own watermark: the shared one once caught up, before that the
  // shared one but no further than the partition's own latest event.
  void follow(TagPart* part);
  // Advances every caught-up part whose next window is due.
  void sweep();

  Factory make_;
  int64_t lateness_ns_;
  std::unique_ptr<EventWindows> prototype_;  // never fed: answers the time arithmetic
  std::map<std::string, TagPart, std::less<>> parts_;
  TagPart* selected_ = nullptr;  // select()
  TagPart* last_ = nullptr;      // the latest event's
  TagPart* cached_ = nullptr;    // part_of(): consecutive events mostly share a partition
  std::string cached_tag_;
  uint64_t segment_ = 0;
  int64_t watermark_ns_ = kNone;  // the shared watermark
  int64_t next_due_ns_ = kNone;   // a caught-up part may close a window at this watermark
};

// The window tools' factory with --checkpoint: PartitionWindows over `make`'s windows.
WindowsFactory partition_windows(WindowsFactory make, int64_t lateness_ns);

}  // namespace rivulet
