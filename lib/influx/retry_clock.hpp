#pragma once
// The clock of influx-write's retry loop: the one Clock to wait on (time/clock.hpp), plus
// whether and since when the process has been asked to stop, which shortens the retrying.

#include <cstdint>
#include <vector>

#include "time/clock.hpp"

namespace rivulet {

class RetryClock : public WaitClock {
 public:
  // True once the process has been asked to stop.
  virtual bool stopping() const = 0;
  // When the stop was asked for, on now_ns()'s clock; 0 if unknown (then the sender counts
  // the stop grace from when it notices the stop).
  virtual int64_t stop_time_ns() const { return 0; }
};

// The monotonic clock and SIGINT/SIGTERM. A sleep keeps its (already shortened) backoff
// while stopping rather than spinning on the stop pipe.
class SystemRetryClock final : public RetryClock {
 public:
  int64_t now_ns() const override;
  bool sleep_until(int64_t deadline_ns) override;
  bool stopping() const override;
  int64_t stop_time_ns() const override;
};

// For tests: a ManualClock (time passes when the sender sleeps, or by hand) and a stop
// flag set by hand.
class ManualRetryClock final : public RetryClock {
 public:
  explicit ManualRetryClock(int64_t start_ns = 1'000'000'000) : clock_(start_ns) {}
  int64_t now_ns() const override { return clock_.now_ns(); }
  bool sleep_until(int64_t deadline_ns) override { return clock_.sleep_until(deadline_ns); }
  bool stopping() const override { return stop_; }
  void advance(int64_t ns) { clock_.advance(ns); }
  void set_stopping(bool stop) { stop_ = stop; }
  const std::vector<int64_t>& sleeps() const { return clock_.sleeps(); }

 private:
  ManualClock clock_;
  bool stop_ = false;
};

}  // namespace rivulet
