#pragma once
// The one clock interface. Every timed decision (idle timeouts, retry deadlines, rate
// limits, --stats ticks, pacing) asks a Clock, so tests drive time by hand instead of
// sleeping.

#include <cstdint>
#include <vector>

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

// A clock one can wait on (pacing, retry back-off). The system one (io/signals.hpp,
// system_wait_clock()) ends a sleep early when the process is asked to stop.
class WaitClock : public Clock {
 public:
  // Sleeps until now_ns() >= deadline_ns. False if woken early by a stop request.
  virtual bool sleep_until(int64_t deadline_ns) = 0;
};

// A clock tests set by hand. Its sleeps return at once, moving time to their deadline, and
// are recorded.
class ManualClock final : public WaitClock {
 public:
  explicit ManualClock(int64_t start_ns = 0) : now_(start_ns) {}
  int64_t now_ns() const override { return now_; }
  void set(int64_t ns) { now_ = ns; }
  void advance(int64_t ns) { now_ += ns; }
  bool sleep_until(int64_t deadline_ns) override;
  // How long each sleep was.
  const std::vector<int64_t>& sleeps() const { return sleeps_; }

 private:
  int64_t now_;
  std::vector<int64_t> sleeps_;
};

// CLOCK_MONOTONIC and CLOCK_REALTIME now, in nanoseconds.
int64_t monotonic_now_ns();
int64_t realtime_now_ns();

}  // namespace rivulet
