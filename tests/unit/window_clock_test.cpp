#include <catch2/catch.hpp>

#include "time/clock.hpp"
#include "window/event_clock.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kSec = 1000000000;

}  // namespace

TEST_CASE("while events flow, the watermark is the largest event time, whatever the wall clock") {
  ManualClock wall(1000 * kSec);
  EventClock clock(2 * kSec, &wall);
  CHECK_FALSE(clock.has_time());
  clock.observe(100 * kSec);
  clock.observe(90 * kSec);  // out of order: the watermark never goes back
  CHECK(clock.watermark_ns() == 100 * kSec);
  // A fast replay: the wall clock barely moves, or moves a lot between blocks, but the
  // reader never waits, so nothing advances on the wall clock.
  wall.advance(60 * kSec);
  CHECK_FALSE(clock.advance_if_idle());
  clock.observe(101 * kSec);
  CHECK(clock.watermark_ns() == 101 * kSec);
}

TEST_CASE("after idle_ns without input, event time follows the wall clock from the last event") {
  ManualClock wall(1000 * kSec);
  EventClock clock(2 * kSec, &wall);
  clock.observe(100 * kSec);
  clock.input_waiting();  // caught up at wall 1000s
  wall.advance(kSec);
  CHECK_FALSE(clock.advance_if_idle());  // idle for 1s only
  clock.input_waiting();                 // woken up, waits again: idleness still from 1000s
  wall.advance(kSec);
  CHECK(clock.advance_if_idle());
  CHECK(clock.watermark_ns() == 102 * kSec);
  wall.advance(3 * kSec / 2);
  CHECK(clock.advance_if_idle());
  CHECK(clock.watermark_ns() == 103 * kSec + kSec / 2);

  // Input resumes: events behind the advanced watermark do not pull it back, and a new
  // idle period is measured from the new wait.
  clock.observe(101 * kSec);
  CHECK(clock.watermark_ns() == 103 * kSec + kSec / 2);
  CHECK_FALSE(clock.advance_if_idle());  // events arrived since the last wait
  clock.input_waiting();
  wall.advance(kSec);
  CHECK_FALSE(clock.advance_if_idle());
  wall.advance(kSec);
  CHECK_FALSE(clock.advance_if_idle());  // 101s + 2s is behind the watermark
  CHECK(clock.watermark_ns() == 103 * kSec + kSec / 2);
  wall.advance(kSec);
  CHECK(clock.advance_if_idle());
  CHECK(clock.watermark_ns() == 104 * kSec);
}

TEST_CASE("idle advance is off with idle_ns 0, and does nothing before the first event") {
  ManualClock wall(1000 * kSec);
  EventClock off(0, &wall);
  off.observe(5 * kSec);
  off.input_waiting();
  wall.advance(3600 * kSec);
  CHECK_FALSE(off.advance_if_idle());
  CHECK(off.watermark_ns() == 5 * kSec);

  EventClock empty(kSec, &wall);
  empty.input_waiting();
  wall.advance(10 * kSec);
  CHECK_FALSE(empty.advance_if_idle());
  CHECK_FALSE(empty.has_time());
}

TEST_CASE("one far-future event does not move the watermark; a real jump does, confirmed") {
  ManualClock wall(1000 * kSec);
  EventClock clock(2 * kSec, &wall, 3600 * kSec);
  clock.observe(100 * kSec);
  CHECK(clock.observe(100 * kSec + 365 * 86400 * kSec) == EventClock::Observed::kHeldBack);
  CHECK(clock.watermark_ns() == 100 * kSec);
  CHECK(clock.observe(101 * kSec) == EventClock::Observed::kCounted);
  CHECK(clock.watermark_ns() == 101 * kSec);
  CHECK(clock.held_back() == 1);
  // Idle advance runs on from the events that counted, not from the outlier.
  clock.input_waiting();
  wall.advance(3 * kSec);
  CHECK(clock.advance_if_idle());
  CHECK(clock.watermark_ns() == 104 * kSec);
  // A gap of two hours in a capture: the third event in a row that far ahead confirms it.
  CHECK(clock.observe(7300 * kSec) == EventClock::Observed::kHeldBack);
  CHECK(clock.observe(7301 * kSec) == EventClock::Observed::kHeldBack);
  CHECK(clock.observe(7302 * kSec) == EventClock::Observed::kCounted);
  CHECK(clock.watermark_ns() == 7302 * kSec);
  CHECK(clock.observe(7303 * kSec) == EventClock::Observed::kCounted);
}

TEST_CASE("a jump bound of 0 lets every event move the watermark") {
  ManualClock wall(1000 * kSec);
  EventClock clock(0, &wall, 0);
  clock.observe(100 * kSec);
  CHECK(clock.observe(1000000 * kSec) == EventClock::Observed::kCounted);
  CHECK(clock.watermark_ns() == 1000000 * kSec);
}
