#include <catch2/catch.hpp>

#include "view/terminal_session.hpp"

using namespace rivulet;

// The session itself needs a terminal: tests/integration/test_live_view_terminal.py runs it in
// tmux.
TEST_CASE("q quits the terminal view, other keys do not", "[view]") {
  CHECK(keys_ask_to_quit("q"));
  CHECK(keys_ask_to_quit("xxQ"));
  CHECK_FALSE(keys_ask_to_quit("\x1b[A"));
  CHECK_FALSE(keys_ask_to_quit(""));
}
