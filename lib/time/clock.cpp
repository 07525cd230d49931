#include "time/clock.hpp"

#include <ctime>

namespace rivulet {

namespace {

int64_t read_clock(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

int64_t SystemClock::now_ns() const { return read_clock(CLOCK_MONOTONIC); }

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

bool ManualClock::sleep_until(int64_t deadline_ns) {
  sleeps_.push_back(deadline_ns - now_);
  if (deadline_ns > now_) now_ = deadline_ns;
  return true;
}

int64_t monotonic_now_ns() { return read_clock(CLOCK_MONOTONIC); }
int64_t realtime_now_ns() { return read_clock(CLOCK_REALTIME); }

}  // namespace rivulet
