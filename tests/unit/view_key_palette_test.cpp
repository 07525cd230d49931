#include <catch2/catch.hpp>
#include <string>

#include "view/key_palette.hpp"

using namespace rivulet;

TEST_CASE("keys get distinct colours until the palette repeats", "[view]") {
  for (size_t i = 0; i < kPaletteSize; ++i) {
    for (size_t j = 0; j < i; ++j) {
      CHECK(std::string(key_colour_hex(i)) != key_colour_hex(j));
      CHECK(key_colour_ansi(i) != key_colour_ansi(j));
    }
  }
  CHECK(std::string(key_colour_hex(kPaletteSize)) == key_colour_hex(0));
}
