#pragma once
// The one clock interface. Every timed decision (idle timeouts, retry deadlines, rate
// limits, --stats ticks, pacing) asks a Clock, so tests drive time by hand instead of
// sleeping.

#include <cstdint>

namespace rivulet {

// Monotonic time in nanoseconds. Only differences mean anything.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now_ns() const = 0;
};

// CLOCK_MONOTONIC: never jumps when the wall clock is set.
class SystemClock final : public Clock {
 public:
  int64_t now_ns() const override;
};

// The process-wide SystemClock, for defaults (`const Clock* clock = nullptr` means this).
const Clock& system_clock();

// A clock tests set by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ns = 0) : now_(start_ns) {}
  int64_t now_ns() const override { return now_; }
  void set(int64_t ns) { now_ = ns; }
  void advance(int64_t ns) { now_ += ns; }

 private:
  int64_t now_;
};

// CLOCK_MONOTONIC and CLOCK_REALTIME now, in nanoseconds.
int64_t monotonic_now_ns();
int64_t realtime_now_ns();

}  // namespace rivulet
