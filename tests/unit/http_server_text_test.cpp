#include <catch2/catch.hpp>

#include "http/server_text.hpp"

using namespace rivulet;

TEST_CASE("terminal_safe: control characters become visible escapes") {
  CHECK(terminal_safe("database not found: video") == "database not found: video");
  CHECK(terminal_safe("\x1b]0;pwned\x07 title") == "\\x1b]0;pwned\\x07 title");
  CHECK(terminal_safe("two\nlines\r\n") == "two\\x0alines\\x0d\\x0a");
  CHECK(terminal_safe("tab\there") == "tab\\x09here");
  CHECK(terminal_safe("del\x7f") == "del\\x7f");
  CHECK(terminal_safe("csi \xc2\x9b"
                      "31m") == "csi \\u009b31m");  // U+009B, the C1 CSI
}

TEST_CASE("terminal_safe: other UTF-8 is kept") {
  CHECK(terminal_safe("caf\xc3\xa9 \xc2\xa0 \xe2\x82\xac") == "caf\xc3\xa9 \xc2\xa0 \xe2\x82\xac");
  CHECK(terminal_safe("\xc2") == "\xc2");  // a truncated sequence is left as it is
  CHECK(terminal_safe("") == "");
}
