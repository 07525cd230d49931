#include "view/ansi_screen.hpp"

#include <fmt/format.h>

namespace rivulet {

const char* const kEnterFullScreen = "\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[0m\x1b[2J";
const char* const kLeaveFullScreen = "\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l";

namespace {

void append_sgr(std::string& out, const CellStyle& s) {
  out += "\x1b[0";
  if (s.bold) out += ";1";
  if (s.dim) out += ";2";
  if (s.reverse) out += ";7";
  if (s.fg != 0) fmt::format_to(std::back_inserter(out), ";{}", s.fg);
  out += 'm';
}

}  // namespace

std::string ansi_row(const CellCanvas& frame, int y) {
  std::string out;
  CellStyle current;
  for (int x = 0; x < frame.width(); ++x) {
    const CellStyle& style = frame.at(x, y).style;
    if (style != current) {
      append_sgr(out, style);
      current = style;
    }
    out += frame.glyph(x, y);
  }
  if (current != CellStyle{}) out += "\x1b[0m";
  return out;
}

void AnsiScreen::render(const CellCanvas& frame, std::string* out) {
  if (width_ != frame.width() || rows_.size() != static_cast<size_t>(frame.height())) {
    rows_.assign(static_cast<size_t>(frame.height()), std::string());
    width_ = frame.width();
    *out += "\x1b[0m\x1b[2J";
  }
  for (int y = 0; y < frame.height(); ++y) {
    std::string row = ansi_row(frame, y);
    std::string& before = rows_[static_cast<size_t>(y)];
    if (row == before) continue;
    fmt::format_to(std::back_inserter(*out), "\x1b[{};1H", y + 1);
    *out += row;
    before = std::move(row);
  }
}

}  // namespace rivulet
