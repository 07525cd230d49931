#pragma once
// The colour of each key, the same in the terminal, the SVG snapshot and the browser page.

#include <cstddef>

namespace rivulet {

// Number of distinct colours before they repeat.
constexpr size_t kPaletteSize = 10;

// "#1f77b4"-style colour of the key with index `key` (keys are numbered in order of first
// appearance, so a key keeps its colour for the whole run).
const char* key_colour_hex(size_t key);

// ANSI SGR foreground code (31..37, 91..96) for the key with index `key`, chosen to be
// tellable apart on dark and light terminals.
int key_colour_ansi(size_t key);

}  // namespace rivulet
