#pragma once
// Stop signals as a flag plus a self-pipe, so a tool blocked in poll() wakes up at once.

#include "time/clock.hpp"  // monotonic_now_ns(), which stop_requested_at_ns() is on

namespace rivulet {

// Installs SIGINT/SIGTERM handlers (without SA_RESTART, so blocking calls return EINTR) and
// ignores SIGPIPE so a closed stdout shows up as EPIPE from write(). Call once from main().
void install_stop_signals();

// True once SIGINT or SIGTERM arrived (or request_stop() was called).
bool stop_requested();

// CLOCK_MONOTONIC time of the first stop request in nanoseconds, or 0 before one. Grace
// periods after a stop (finishing sends, draining queues) count from here, so every part of
// a tool shares one deadline however late it notices the stop.
long long stop_requested_at_ns();

// The signal that asked to stop, or 0.
int stop_signal();

// A file descriptor that becomes readable once a stop is requested; add it to poll() sets.
int stop_fd();

// Asks the process to stop as if a signal had arrived (tests, internal shutdown).
void request_stop();

// Sleeps until the CLOCK_MONOTONIC time `deadline_ns`, or until a stop is requested.
// Returns false if woken by a stop request.
bool sleep_until_monotonic(long long deadline_ns);

// CLOCK_MONOTONIC with sleep_until_monotonic(): the clock tools wait on.
class SystemWaitClock final : public WaitClock {
 public:
  int64_t now_ns() const override { return monotonic_now_ns(); }
  bool sleep_until(int64_t deadline_ns) override { return sleep_until_monotonic(deadline_ns); }
};

// The process-wide SystemWaitClock.
WaitClock& system_wait_clock();

}  // namespace rivulet
