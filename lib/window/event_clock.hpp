#pragma once
// Event time for the whole input (the watermark), and how it moves on while input is idle.

#include <cstdint>

#include "time/clock.hpp"

namespace rivulet {

// Tells a far-future event time (a device clock set wrong) from input that really moved on.
// A time more than max_jump ahead of the largest accepted one is held back (it must not move
// event time on, or it would close every window before it) unless kConfirmations times in a
// row are that far ahead: then the input did jump (a gap in a capture, a source resuming
// after a long pause), and the jump is accepted. Any unit, as long as both agree.
class JumpGuard {
 public:
  static constexpr int kConfirmations = 3;
  // An hour: a clock wrong by a time zone or a date is further off than that, while a
  // real gap that long costs only its first two events' say in event time.
  static constexpr int64_t kDefaultMaxJumpNs = 3600LL * 1000000000;

  explicit JumpGuard(int64_t max_jump) : max_jump_(max_jump) {}

  // True if `time` may move event time on from `largest` (the largest time accepted).
  bool accept(int64_t time, int64_t largest) {
    if (max_jump_ <= 0 || time <= largest ||
        static_cast<uint64_t>(time) - static_cast<uint64_t>(largest) <=
            static_cast<uint64_t>(max_jump_)) {
      run_ = 0;
      return true;
    }
    return ++run_ >= kConfirmations;
  }

 private:
  int64_t max_jump_;
  int run_ = 0;  // consecutive times too far ahead
};

// Tracks the watermark: how far event time has progressed. One watermark serves the whole
// input, not one per key, so a key that falls silent still gets its windows closed by the
// others' events, and output is ordered by window start across keys. That asks for input in
// event-time order (up to the lateness): a reader of several Kafka partitions merges them
// first (ksub does, as Kafka Streams processes the buffered record with the smallest
// timestamp next; Flink instead keeps a watermark per source partition and takes the least).
//
// While events flow, the watermark is the largest event time seen. When the input has
// been idle (no events) for `idle_ns` of wall-clock time, event time is taken to run on
// with the wall clock from the largest event time, so windows that would have ended by now
// close even though no later event arrives. An old capture replayed fast never goes idle,
// so only its event times count. idle_ns <= 0 disables idle advance.
class EventClock {
 public:
  // max_jump_ns bounds how far one event may move event time at once (see JumpGuard; <= 0:
  // no bound).
  EventClock(int64_t idle_ns, const Clock* clock,
             int64_t max_jump_ns = JumpGuard::kDefaultMaxJumpNs)
      : idle_ns_(idle_ns), clock_(clock), jumps_(max_jump_ns) {}

  enum class Observed {
    kCounted,   // its time moved event time on (or was behind it)
    kHeldBack,  // far ahead of the rest: it does not move event time (report it)
  };

  // An event with this time was read. Inline: called for every event.
  Observed observe(int64_t event_ns) {
    events_since_wait_ = true;
    if (has_time_ && !jumps_.accept(event_ns, max_event_ns_)) {
      ++held_back_;
      return Observed::kHeldBack;
    }
    if (!has_time_ || event_ns > max_event_ns_) max_event_ns_ = event_ns;
    if (!has_time_ || event_ns > watermark_ns_) watermark_ns_ = event_ns;
    has_time_ = true;
    return Observed::kCounted;
  }

  // Every available input line has been read and the reader is about to wait: the wall
  // time from which idleness is measured, if events arrived since the last wait.
  void input_waiting();

  // Moves the watermark on with the wall clock if the input has been idle for idle_ns.
  // Returns true if the watermark advanced.
  bool advance_if_idle();

  bool has_time() const { return has_time_; }
  // Meaningful once has_time().
  int64_t watermark_ns() const { return watermark_ns_; }
  int64_t max_event_ns() const { return max_event_ns_; }
  // Events held back as far ahead of the others.
  uint64_t held_back() const { return held_back_; }

 private:
  int64_t idle_ns_;
  const Clock* clock_;
  bool has_time_ = false;
  bool events_since_wait_ = false;
  bool waiting_ = false;
  int64_t max_event_ns_ = 0;
  int64_t watermark_ns_ = 0;
  int64_t caught_up_wall_ns_ = 0;  // wall time when the reader caught up with the input
  JumpGuard jumps_;
  uint64_t held_back_ = 0;
};

}  // namespace rivulet
