#include "influx/retry_clock.hpp"

#include <cerrno>
#include <ctime>

#include "io/signals.hpp"

namespace rivulet {

int64_t SystemRetryClock::now_ns() const { return monotonic_now_ns(); }

bool SystemRetryClock::sleep_until(int64_t deadline_ns) {
  if (!stop_requested() && sleep_until_monotonic(deadline_ns)) return true;
  timespec ts{static_cast<time_t>(deadline_ns / 1000000000),
              static_cast<long>(deadline_ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
  return false;
}

bool SystemRetryClock::stopping() const { return stop_requested(); }

int64_t SystemRetryClock::stop_time_ns() const { return stop_requested_at_ns(); }

}  // namespace rivulet
