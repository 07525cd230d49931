#pragma once
// A grid of terminal cells to draw a frame into before it is written: text with colours and
// attributes, and braille dots (2 x 4 per cell) for line charts.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

struct CellStyle {
  int fg = 0;  // ANSI SGR foreground code (30..37, 90..97), 0: the terminal's default
  bool bold = false;
  bool dim = false;
  bool reverse = false;
  bool operator==(const CellStyle& o) const {
    return fg == o.fg && bold == o.bold && dim == o.dim && reverse == o.reverse;
  }
  bool operator!=(const CellStyle& o) const { return !(*this == o); }
};

struct Cell {
  char32_t ch = U' ';
  uint8_t dots = 0;  // braille dots; drawn when ch is a space
  CellStyle style;
};

class CellCanvas {
 public:
  CellCanvas(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  const Cell& at(int x, int y) const { return cells_[static_cast<size_t>(y) * width_ + x]; }

  // Writes UTF-8 `text` from (x, y), one cell per code point, clipped at `max_width` cells
  // (and the canvas edge). Returns the number of cells written.
  int text(int x, int y, std::string_view text, CellStyle style = {}, int max_width = -1);
  void fill(int x, int y, int w, char32_t ch, CellStyle style = {});

  // Braille dots: the canvas is width*2 x height*4 dots. Dots outside are ignored. A dot
  // takes the colour of the last line drawn through its cell.
  void dot(int dx, int dy, int fg);
  void line(int x0, int y0, int x1, int y1, int fg);

  // The cell's character as UTF-8 (braille when it holds dots and no text).
  std::string glyph(int x, int y) const;
  // Row y as plain UTF-8 text (no styles), for tests and plain output.
  std::string row_text(int y) const;

 private:
  Cell& cell(int x, int y) { return cells_[static_cast<size_t>(y) * width_ + x]; }

  int width_, height_;
  std::vector<Cell> cells_;
};

// Appends code point `c` as UTF-8.
void append_utf8(std::string& out, char32_t c);

}  // namespace rivulet
