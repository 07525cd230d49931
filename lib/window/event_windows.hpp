#pragma once
// What a window tool's loop needs from its windows, whatever their shape: fixed windows
// (WindowEngine) or sessions (SessionEngine).

#include <cstdint>
#include <string>
#include <string_view>

namespace rivulet {

// Where an event went.
enum class Placement {
  kAdded,      // into every window that contains its time
  kPartlyLate, // hopping windows: some of its windows had closed, it went into the others
  kLate,       // every window containing its time had closed: it went nowhere
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
  // Moves the watermark to watermark_ns (never backwards) and closes what it completes.
  virtual void advance(int64_t watermark_ns) = 0;
  // Closes everything still open, in order: end of input.
  virtual void close_all() = 0;

  // What has been written and what is open, for --stats: "102 results from 34 windows,
  // 2 windows open".
  virtual std::string progress() const = 0;
};

}  // namespace rivulet
