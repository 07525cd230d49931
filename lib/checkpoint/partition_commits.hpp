#pragma once
// A window stage's side of --checkpoint ("recompute, not snapshot"): per source partition,
// where a consumer may resume so that every window not yet stored is recomputed whole.
//
// The events of a partition between two of ksub's markers form a segment, starting at the
// first marker's position for that partition. A segment is done once every window any of
// its events fell into has been emitted (or was stored by an earlier run): its latest window
// end is at most the stage's closed bound. The partition may then resume at the start of its
// oldest segment not done; any event before that offset only belongs to windows ending at or
// before the bound, which is committed with it as closed_through.

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "checkpoint/marker.hpp"

namespace rivulet {

class PartitionCommits {
 public:
  // The partition is (re)assigned: windows ending at or before closed_through_ns are stored.
  void assigned(const std::string& source, std::optional<int64_t> closed_through_ns);
  // The partition went to another consumer: forget it.
  void revoked(const std::string& source);
  // Its stored bound (windows ending at or before it are not recomputed), if any.
  std::optional<int64_t> stored_through(std::string_view source) const;

  // An event of `source` went into windows ending at most at last_end_ns (or was skipped
  // as stored).
  void event(std::string_view source, int64_t last_end_ns);

  // Where event() keeps the latest window end of the source's current segment: valid until
  // the next marker(), assigned() or revoked() (a cache for the per-event path).
  int64_t* current_last_end(std::string_view source) {
    return &partition(source).segments.back().last_end_ns;
  }

  // The id of the segment the source's events go to now. Windows whose end is not known
  // when an event goes in (sessions grow with their events) keep the oldest id of theirs.
  uint64_t current_segment(std::string_view source) { return partition(source).segments.back().id; }

  // ksub's marker with its positions, once everything before it went through the windows,
  // and every window ending at or before closed_ns (nullopt: none) has been emitted. Returns
  // what may be committed for each partition whose resume offset is known. `open_segments`
  // (windows that grow): per source, the oldest segment id holding an event of a window
  // still open; that segment is not done, whatever its events' ends said.
  std::map<std::string, PartitionCommit> marker(
      const std::map<std::string, int64_t>& positions, std::optional<int64_t> closed_ns,
      const std::map<std::string, uint64_t, std::less<>>* open_segments = nullptr) {
    return marker(
        positions, [&](const std::string&) { return closed_ns; }, open_segments);
  }
  // The same with each partition's own closed bound.
  using ClosedBound = std::function<std::optional<int64_t>(const std::string& source)>;
  std::map<std::string, PartitionCommit> marker(
      const std::map<std::string, int64_t>& positions, const ClosedBound& closed_ns,
      const std::map<std::string, uint64_t, std::less<>>* open_segments = nullptr);

 private:
  static constexpr int64_t kNoEvent = std::numeric_limits<int64_t>::min();
  struct Segment {
    std::optional<int64_t> start;  // unknown for events before this run's first marker
    int64_t last_end_ns = kNoEvent;
    uint64_t id = 0;
  };
  struct Partition {
    std::deque<Segment> segments;  // never empty: the back one collects events
    std::optional<int64_t> stored_through_ns;
  };
  Partition& partition(std::string_view source);

  std::map<std::string, Partition, std::less<>> partitions_;
  uint64_t next_segment_id_ = 0;
  Partition* last_ = nullptr;  // consecutive events mostly share a partition
  std::string last_name_;
};

}  // namespace rivulet
