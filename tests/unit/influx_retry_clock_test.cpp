#include <catch2/catch.hpp>

#include "influx/retry_clock.hpp"

using namespace rivulet;

TEST_CASE("retry clock: the system one sleeps on the monotonic clock, unstopped") {
  SystemRetryClock clock;
  int64_t start = clock.now_ns();
  CHECK(clock.sleep_until(start + 2'000'000));
  CHECK(clock.now_ns() - start >= 2'000'000);
  CHECK_FALSE(clock.stopping());
}

TEST_CASE("retry clock: the manual one moves when slept on or by hand, stops by hand") {
  ManualRetryClock clock(100);
  CHECK(clock.sleep_until(150));
  clock.advance(10);
  CHECK(clock.now_ns() == 160);
  CHECK(clock.sleeps() == std::vector<int64_t>{50});
  CHECK_FALSE(clock.stopping());
  clock.set_stopping(true);
  CHECK(clock.stopping());
  CHECK(clock.stop_time_ns() == 0);
}
