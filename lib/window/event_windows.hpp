#pragma once
// What a window tool's loop needs from its windows, whatever their shape: fixed windows
// (WindowEngine) or sessions (SessionEngine).

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace rivulet {

// Where an event went.
enum class Placement {
  kAdded,       // into every window that contains its time
  kPartlyLate,  // hopping windows: some of its windows had closed, it went into the others
  kLate,        // every window containing its time had closed: it went nowhere
  kStored,      // --checkpoint: every window of it not closed was stored by an earlier run
};

// Events go in with their time and grouping key; windows close, and their results go to
// whatever sink the implementation was given, as the watermark moves on.
class EventWindows {
 public:
  virtual ~EventWindows() = default;

  // False for event times too close to the ends of the int64 nanosecond range for the
  // window arithmetic.
  virtual bool accepts(int64_t time_ns) const = 0;
  // Adds the event read last under `key` (time_ns must be accepted).
  virtual Placement add(int64_t time_ns, std::string_view key) = 0;
  // --checkpoint: as add(), but windows ending at or before stored_through_ns are skipped
  // (an earlier run stored them whole). Shapes without fixed windows do not support it.
  virtual Placement add_unless_stored(int64_t time_ns, std::string_view key,
                                      int64_t stored_through_ns) {
    (void)stored_through_ns;
    return add(time_ns, key);
  }
  // The end of the last window containing time_ns.
  virtual int64_t last_window_end(int64_t time_ns) const { return time_ns; }
  // Every window ending at or before this has been closed (nullopt: none yet).
  virtual std::optional<int64_t> closed_through() const { return std::nullopt; }
  // The same for the windows of one engine-key tag (CheckpointKeys), for shapes that keep
  // them apart.
  virtual std::optional<int64_t> closed_through_of(std::string_view tag) const {
    (void)tag;
    return closed_through();
  }
  // The rows of this engine-key tag are void (CheckpointKeys::discard): shapes that keep
  // them apart may drop them now.
  virtual void discard(std::string_view tag) { (void)tag; }
  // No window closes before the watermark reaches this (the lowest value: unknown).
  virtual int64_t next_close_watermark() const { return std::numeric_limits<int64_t>::min(); }
  // --checkpoint, windows whose end is not known when an event goes in (sessions grow with
  // their events): the segment of ksub's markers that the events added next belong to.
  // Each open window keeps the oldest segment of its events.
  virtual void set_segment(uint64_t segment) { (void)segment; }
  // --checkpoint, shapes that keep each engine-key tag's windows apart: those of `tag`,
  // valid until discard(tag); nullptr for shapes that do not.
  struct TagPart;
  virtual TagPart* part_of_tag(std::string_view tag) {
    (void)tag;
    return nullptr;
  }
  // The events added next come from `part` (part_of_tag of their key's tag, so that it is
  // not looked up at every event) and belong to `segment` (set_segment).
  virtual void select(TagPart* part, uint64_t segment) {
    (void)part;
    set_segment(segment);
  }
  // Calls fn with the key and oldest segment of each open window, and returns true, if the
  // shape keeps segments (set_segment); false for fixed windows, whose last_window_end
  // says when a segment is done.
  virtual bool open_segments(
      const std::function<void(std::string_view key, uint64_t segment)>& fn) const {
    (void)fn;
    return false;
  }

  // Moves the watermark to watermark_ns (never backwards) and closes what it completes.
  virtual void advance(int64_t watermark_ns) = 0;
  // Closes everything still open, in order: end of input.
  virtual void close_all() = 0;

  // What has been written and what is open, for --stats: "102 results from 34 windows,
  // 2 windows open".
  virtual std::string progress() const = 0;
};

}  // namespace rivulet
