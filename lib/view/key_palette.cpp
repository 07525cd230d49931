#include "view/key_palette.hpp"

namespace rivulet {

namespace {

// Tableau 10: designed so neighbouring colours stay distinct for colour-blind readers too.
const char* const kHex[kPaletteSize] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
// Basic and bright ANSI colours, in an order that keeps the first few far apart; white and
// black are left out since one of them is the background.
const int kAnsi[kPaletteSize] = {36, 33, 35, 32, 91, 94, 93, 96, 95, 92};

}  // namespace

const char* key_colour_hex(size_t key) { return kHex[key % kPaletteSize]; }

int key_colour_ansi(size_t key) { return kAnsi[key % kPaletteSize]; }

}  // namespace rivulet
