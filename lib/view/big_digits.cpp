#include "view/big_digits.hpp"

#include <cstring>

namespace rivulet {

namespace {

struct Glyph {
  char c;
  int width;
  const char* rows[kBigDigitRows];
};

// Half blocks give each glyph five pixel rows within three cells.
const Glyph kGlyphs[] = {
    {'0', 3, {"█▀█", "█ █", "▀▀▀"}}, {'1', 3, {"▀█ ", " █ ", "▀▀▀"}},
    {'2', 3, {"▀▀█", "█▀▀", "▀▀▀"}}, {'3', 3, {"▀▀█", " ▀█", "▀▀▀"}},
    {'4', 3, {"█ █", "▀▀█", "  ▀"}}, {'5', 3, {"█▀▀", "▀▀█", "▀▀▀"}},
    {'6', 3, {"█▀▀", "█▀█", "▀▀▀"}}, {'7', 3, {"▀▀█", "  █", "  ▀"}},
    {'8', 3, {"█▀█", "█▀█", "▀▀▀"}}, {'9', 3, {"█▀█", "▀▀█", "▀▀▀"}},
    {'.', 1, {" ", " ", "▀"}},       {'-', 3, {"   ", "▀▀▀", "   "}},
};

const Glyph* glyph(char c) {
  for (const Glyph& g : kGlyphs) {
    if (g.c == c) return &g;
  }
  return nullptr;
}

}  // namespace

bool big_digits(std::string_view number, std::array<std::string, kBigDigitRows>* rows, int* width) {
  std::string_view unit;
  if (!number.empty() && std::strchr("kMGT", number.back()) != nullptr) {
    unit = number.substr(number.size() - 1);
    number.remove_suffix(1);
  }
  if (number.empty()) return false;
  for (std::string& row : *rows) row.clear();
  *width = 0;
  for (char c : number) {
    const Glyph* g = glyph(c);
    if (g == nullptr) return false;
    for (int r = 0; r < kBigDigitRows; ++r) {
      if (*width > 0) (*rows)[r] += ' ';
      (*rows)[r] += g->rows[r];
    }
    *width += (*width > 0 ? 1 : 0) + g->width;
  }
  if (!unit.empty()) {
    (*rows)[0] += "  ";
    (*rows)[1] += "  ";
    (*rows)[2] += " ";
    (*rows)[2] += unit;
    *width += 2;
  }
  return true;
}

}  // namespace rivulet
