#include <catch2/catch.hpp>

#include "view/terminal_session.hpp"

using namespace rivulet;

// The session itself needs a terminal: tests/integration/test_live_view_terminal.py runs it in
// tmux.
TEST_CASE("q quits the terminal view, other keys do not", "[view]") {
  CHECK(parse_keys("q").quit);
  CHECK(parse_keys("xxQ").quit);
  CHECK_FALSE(parse_keys("\x1b[A").quit);
  CHECK_FALSE(parse_keys("").quit);
  CHECK(parse_keys("\x0c").redraw);
  CHECK_FALSE(parse_keys("\x0c").quit);
  CHECK_FALSE(parse_keys("q").redraw);
}
