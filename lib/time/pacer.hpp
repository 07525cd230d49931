#pragma once
// Real-time pacing: releases events at the wall-clock moments their event times call for.

#include <cstdint>
#include <functional>

#include "time/clock.hpp"

namespace rivulet {

// Maps event time to wall-clock time: the first event goes out at once, each later one
// (t - t_first) / speed after it. Events whose moment has passed go out at once, so
// out-of-order events are never held back. Speed 0 means no waiting at all.
class Pacer {
 public:
  // `clock` is what the pacer reads and sleeps on (the tool passes system_wait_clock(), a
  // stop-aware sleep; tests a ManualClock). `before_sleep` runs only when the pacer is
  // about to sleep (flush output there).
  Pacer(double speed, WaitClock* clock);

  void set_before_sleep(std::function<void()> hook) { before_sleep_ = std::move(hook); }

  // Waits until the event at `event_ns` is due. Returns false if a stop was requested.
  bool wait(int64_t event_ns);

  // Restarts the mapping so the next event goes out at once (used between replay loops).
  void rebase(int64_t event_ns, long long wall_ns);
  // The wall-clock time (on the clock) the pacer assigns to `event_ns`.
  long long due(int64_t event_ns) const;
  bool started() const { return started_; }

 private:
  double speed_;
  WaitClock* clock_;
  std::function<void()> before_sleep_;
  bool started_ = false;
  int64_t origin_event_ns_ = 0;
  long long origin_wall_ns_ = 0;
};

}  // namespace rivulet
