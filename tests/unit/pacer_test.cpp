#include "time/pacer.hpp"

#include <catch2/catch.hpp>
#include <vector>

using namespace rivulet;

namespace {

// A clock that only moves when the pacer sleeps (or the test says so).
struct FakeClock {
  ManualClock clock{1000};
  Pacer pacer(double speed) { return Pacer(speed, &clock); }
  std::vector<int64_t> sleeps() const { return clock.sleeps(); }
};

}  // namespace

TEST_CASE("pacer keeps the gaps between event times") {
  FakeClock clock;
  Pacer p = clock.pacer(1);
  int flushes = 0;
  p.set_before_sleep([&] { ++flushes; });
  CHECK(p.wait(5000000));   // first event: at once
  CHECK(p.wait(5000000));   // same time: at once
  CHECK(p.wait(15000000));  // 10 ms later
  CHECK(p.wait(12000000));  // out of order: already due, at once
  CHECK(p.wait(45000000));  // 30 ms after the first+10ms one
  CHECK(clock.sleeps() == std::vector<int64_t>{10000000, 30000000});
  CHECK(flushes == 2);  // flushes only before actually sleeping
}

TEST_CASE("pacer speed scales the gaps; speed 0 never waits") {
  FakeClock clock;
  Pacer fast = clock.pacer(4);
  fast.wait(0);
  fast.wait(40000000);
  CHECK(clock.sleeps() == std::vector<int64_t>{10000000});
  FakeClock clock0;
  Pacer none = clock0.pacer(0);
  none.wait(0);
  none.wait(1000000000000LL);
  CHECK(clock0.sleeps().empty());
}

TEST_CASE("pacer does not sleep when processing fell behind") {
  FakeClock clock;
  Pacer p = clock.pacer(1);
  p.wait(0);
  clock.clock.advance(50000000);  // work took 50 ms
  p.wait(20000000);               // due 30 ms ago
  CHECK(clock.sleeps().empty());
}
