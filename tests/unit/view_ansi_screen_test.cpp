#include <catch2/catch.hpp>

#include "view/ansi_screen.hpp"

using namespace rivulet;

TEST_CASE("the first frame clears and draws every row; then only changed rows are sent", "[view]") {
  CellCanvas a(4, 2);
  a.text(0, 0, "ab");
  a.text(0, 1, "cd", CellStyle{36, true});
  AnsiScreen screen;
  std::string out;
  screen.render(a, &out);
  CHECK(out == "\x1b[0m\x1b[2J\x1b[1;1Hab  \x1b[2;1H\x1b[0;1;36mcd\x1b[0m  ");
  out.clear();
  screen.render(a, &out);
  CHECK(out.empty());
  CellCanvas b = a;
  b.text(3, 1, "!");
  screen.render(b, &out);
  CHECK(out == "\x1b[2;1H\x1b[0;1;36mcd\x1b[0m !");
}

TEST_CASE("repaint() writes every row again without clearing the screen", "[view]") {
  CellCanvas a(2, 2);
  a.text(0, 0, "ab");
  AnsiScreen screen;
  std::string out;
  screen.render(a, &out);
  out.clear();
  screen.repaint();
  screen.render(a, &out);
  CHECK(out == "\x1b[1;1Hab\x1b[2;1H  ");
}

TEST_CASE("a new size or invalidate() redraws everything", "[view]") {
  AnsiScreen screen;
  std::string out;
  screen.render(CellCanvas(3, 1), &out);
  out.clear();
  screen.invalidate();
  screen.render(CellCanvas(3, 1), &out);
  CHECK(out == "\x1b[0m\x1b[2J\x1b[1;1H   ");
  out.clear();
  screen.render(CellCanvas(2, 1), &out);
  CHECK(out == "\x1b[0m\x1b[2J\x1b[1;1H  ");
}

TEST_CASE("entering and leaving full screen undo each other", "[view]") {
  std::string enter = kEnterFullScreen, leave = kLeaveFullScreen;
  CHECK(enter.find("\x1b[?1049h") != std::string::npos);
  CHECK(leave.find("\x1b[?1049l") != std::string::npos);
  CHECK(enter.find("\x1b[?25l") != std::string::npos);
  CHECK(leave.find("\x1b[?25h") != std::string::npos);
  CHECK(enter.find("\x1b[?7l") != std::string::npos);
  CHECK(leave.find("\x1b[?7h") != std::string::npos);
}
