#pragma once
// Event time for the whole input (the watermark), and how it moves on while input is idle.

#include <cstdint>

namespace rivulet {

// A monotonic wall clock, behind an interface so idle behaviour is tested with a fake.
class MonotonicClock {
 public:
  virtual ~MonotonicClock() = default;
  virtual int64_t now_ns() const = 0;
};

// CLOCK_MONOTONIC.
class SystemClock : public MonotonicClock {
 public:
  int64_t now_ns() const override;
};

// Tracks the watermark: how far event time has progressed. One watermark serves the whole
// input, not one per key: a window closes when the input as a whole has moved past it, as
// in Kafka Streams, Flink and InfluxDB, so a key that falls silent still gets its windows
// closed by the others' events, and output is ordered by window start across keys.
//
// While events flow, the watermark is the largest event time seen. When the input has
// been idle (no events) for `idle_ns` of wall-clock time, event time is taken to run on
// with the wall clock from the largest event time, so windows that would have ended by now
// close even though no later event arrives. An old capture replayed fast never goes idle,
// so only its event times count. idle_ns <= 0 disables idle advance.
class EventClock {
 public:
  EventClock(int64_t idle_ns, const MonotonicClock* clock) : idle_ns_(idle_ns), clock_(clock) {}

  // An event with this time was read.
  void observe(int64_t event_ns) {
    if (!has_time_ || event_ns > max_event_ns_) max_event_ns_ = event_ns;
    if (!has_time_ || event_ns > watermark_ns_) watermark_ns_ = event_ns;
    has_time_ = true;
    events_since_wait_ = true;
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

 private:
  int64_t idle_ns_;
  const MonotonicClock* clock_;
  bool has_time_ = false;
  bool events_since_wait_ = false;
  bool waiting_ = false;
  int64_t max_event_ns_ = 0;
  int64_t watermark_ns_ = 0;
  int64_t caught_up_wall_ns_ = 0;  // wall time when the reader caught up with the input
};

}  // namespace rivulet
