#include <catch2/catch.hpp>

#include "view/cell_canvas.hpp"

using namespace rivulet;

TEST_CASE("text is one cell per code point, clipped, control characters replaced", "[view]") {
  CellCanvas c(10, 2);
  CHECK(c.text(1, 0, "héllo") == 5);
  CHECK(c.row_text(0) == " héllo    ");
  CHECK(c.text(7, 1, "abcdef") == 3);
  CHECK(c.row_text(1) == "       abc");
  c.text(0, 1, "a\x1b[2Jb", {}, 4);
  CHECK(c.row_text(1).substr(0, 6) == "a\xEF\xBF\xBD[2");
  CHECK(c.text(0, 5, "off the canvas") == 0);
}

TEST_CASE("braille dots: two columns, four rows a cell, in the colour of the last line", "[view]") {
  CellCanvas c(2, 1);
  c.dot(0, 0, 31);
  CHECK(c.glyph(0, 0) == "\u2801");
  c.dot(1, 3, 32);
  CHECK(c.glyph(0, 0) == "\u2881");
  CHECK(c.at(0, 0).style.fg == 32);
  c.dot(99, 99, 31);  // outside: ignored
  c.line(2, 0, 3, 3, 33);
  CHECK(c.glyph(1, 0) != " ");
  CHECK(c.at(1, 0).style.fg == 33);
}

TEST_CASE("steep lines stay connected", "[view]") {
  CellCanvas c(1, 3);
  c.line(0, 0, 1, 11, 31);
  for (int y = 0; y < 3; ++y) CHECK(c.at(0, y).dots != 0);
}
