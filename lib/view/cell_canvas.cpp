#include "view/cell_canvas.hpp"

#include <algorithm>
#include <cstdlib>

namespace rivulet {

namespace {

// Decodes one UTF-8 code point at text[*i], advancing *i; invalid bytes read as U+FFFD.
char32_t next_code_point(std::string_view text, size_t* i) {
  unsigned char c = static_cast<unsigned char>(text[(*i)++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (c >= 0x80 && extra == 0) return U'\uFFFD';
  char32_t cp = extra == 0 ? c : c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (*i >= text.size() || (static_cast<unsigned char>(text[*i]) & 0xC0) != 0x80) {
      return U'\uFFFD';
    }
    cp = (cp << 6) | (static_cast<unsigned char>(text[(*i)++]) & 0x3F);
  }
  // Control characters would move the cursor: never let them reach the terminal.
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return U'\uFFFD';
  return cp;
}

// Bit of the braille pattern for the dot at column dx (0, 1) and row dy (0..3) of a cell.
constexpr uint8_t kDotBits[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};

}  // namespace

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

CellCanvas::CellCanvas(int width, int height)
    : width_(std::max(0, width)),
      height_(std::max(0, height)),
      cells_(static_cast<size_t>(width_) * height_) {}

int CellCanvas::text(int x, int y, std::string_view text, CellStyle style, int max_width) {
  if (y < 0 || y >= height_) return 0;
  int limit = max_width < 0 ? width_ - x : std::min(max_width, width_ - x);
  int written = 0;
  for (size_t i = 0; i < text.size() && written < limit;) {
    char32_t cp = next_code_point(text, &i);
    if (x + written >= 0) {
      Cell& c = cell(x + written, y);
      c.ch = cp;
      c.dots = 0;
      c.style = style;
    }
    ++written;
  }
  return written;
}

void CellCanvas::fill(int x, int y, int w, char32_t ch, CellStyle style) {
  if (y < 0 || y >= height_) return;
  for (int i = std::max(0, x); i < std::min(width_, x + w); ++i) {
    Cell& c = cell(i, y);
    c.ch = ch;
    c.dots = 0;
    c.style = style;
  }
}

void CellCanvas::dot(int dx, int dy, int fg) {
  if (dx < 0 || dy < 0 || dx >= width_ * 2 || dy >= height_ * 4) return;
  Cell& c = cell(dx / 2, dy / 4);
  c.ch = U' ';
  c.dots |= kDotBits[dy % 4][dx % 2];
  c.style.fg = fg;
}

void CellCanvas::line(int x0, int y0, int x1, int y1, int fg) {
  // Bresenham: every dot on the way, so steep segments stay connected.
  int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
  int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
  int err = dx + dy;
  for (;;) {
    dot(x0, y0, fg);
    if (x0 == x1 && y0 == y1) return;
    int e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

std::string CellCanvas::glyph(int x, int y) const {
  const Cell& c = at(x, y);
  std::string out;
  append_utf8(out, c.ch == U' ' && c.dots != 0 ? U'\u2800' + c.dots : c.ch);
  return out;
}

std::string CellCanvas::row_text(int y) const {
  std::string out;
  for (int x = 0; x < width_; ++x) out += glyph(x, y);
  return out;
}

}  // namespace rivulet
