#include "window/window_spec.hpp"

#include <catch2/catch.hpp>

using namespace rivulet;

namespace {
constexpr int64_t kSec = 1000000000;
}

TEST_CASE("floor_to_multiple rounds toward negative infinity") {
  CHECK(floor_to_multiple(25, 10) == 20);
  CHECK(floor_to_multiple(20, 10) == 20);
  CHECK(floor_to_multiple(0, 10) == 0);
  CHECK(floor_to_multiple(-1, 10) == -10);
  CHECK(floor_to_multiple(-10, 10) == -10);
  CHECK(floor_to_multiple(-11, 10) == -20);
}

TEST_CASE("tumbling windows: one window, aligned to the epoch, holding its start") {
  WindowSpec w = WindowSpec::tumbling(10 * kSec);
  int64_t t = 1700000003033LL * 1000000;  // 2023-11-14T22:13:23.033Z
  CHECK(w.first_start(t) == 1700000000000LL * 1000000);
  CHECK(w.last_start(t) == 1700000000000LL * 1000000);
  int64_t boundary = 1700000010000LL * 1000000;
  CHECK(w.first_start(boundary) == boundary);  // the end belongs to the next window
  CHECK(w.last_start(boundary) == boundary);
  CHECK(w.first_start(boundary - 1) == boundary - 10 * kSec);
  CHECK(w.first_start(-1) == -10 * kSec);  // before 1970 too
}

TEST_CASE("hopping windows: every window of the hop grid that contains the time") {
  WindowSpec w = WindowSpec::hopping(10 * kSec, 5 * kSec);
  CHECK(w.first_start(12 * kSec) == 5 * kSec);
  CHECK(w.last_start(12 * kSec) == 10 * kSec);
  CHECK(w.first_start(15 * kSec) == 10 * kSec);  // [5,15) no longer holds 15
  CHECK(w.last_start(15 * kSec) == 15 * kSec);
  // A window that is not a multiple of the hop: 10s every 3s holds 12s in [3,13), [6,16),
  // [9,19), [12,22).
  WindowSpec odd = WindowSpec::hopping(10 * kSec, 3 * kSec);
  CHECK(odd.first_start(12 * kSec) == 3 * kSec);
  CHECK(odd.last_start(12 * kSec) == 12 * kSec);
}

TEST_CASE("window specs are checked") {
  CHECK(WindowSpec::tumbling(kSec).check().empty());
  CHECK(WindowSpec::hopping(10 * kSec, 5 * kSec).check().empty());
  CHECK(WindowSpec::tumbling(0).check() == "--window must be longer than 0");
  CHECK(WindowSpec::hopping(5 * kSec, 10 * kSec).check() ==
        "--hop must not be longer than --window");
  CHECK(WindowSpec::tumbling(kMaxWindowNs + 1).check() ==
        "--window must not be longer than 10000d");
  // Every window of an event is a row in memory: at most kMaxWindowsPerEvent of them.
  CHECK(WindowSpec::hopping(10 * kSec, kSec / 1000).check().empty());
  CHECK(WindowSpec::hopping(10 * kSec, kSec / 1000).windows_per_event() == 10000);
  CHECK(WindowSpec::hopping(10 * kSec + 1, kSec / 1000).windows_per_event() == 10001);
  CHECK(WindowSpec::hopping(100 * 86400 * kSec, kSec / 1000).check() ==
        "--window and --hop put every event in 8640000000 windows (--window / --hop), more "
        "than 10000: choose a longer --hop or a shorter --window");
}
