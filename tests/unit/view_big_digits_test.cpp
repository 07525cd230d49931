#include <catch2/catch.hpp>

#include "view/big_digits.hpp"

using namespace rivulet;

TEST_CASE("numbers three rows tall, units set small", "[view]") {
  std::array<std::string, kBigDigitRows> rows;
  int width = 0;
  REQUIRE(big_digits("15", &rows, &width));
  CHECK(width == 7);
  CHECK(rows[0] == "▀█  █▀▀");
  CHECK(rows[1] == " █  ▀▀█");
  CHECK(rows[2] == "▀▀▀ ▀▀▀");
  REQUIRE(big_digits("-2.5k", &rows, &width));
  CHECK(width == 3 + 1 + 3 + 1 + 1 + 1 + 3 + 2);
  CHECK(rows[1] == "▀▀▀ █▀▀   ▀▀█  ");
  CHECK(rows[2] == "    ▀▀▀ ▀ ▀▀▀ k");
  CHECK_FALSE(big_digits("1.2e-04", &rows, &width));
  CHECK_FALSE(big_digits("", &rows, &width));
  CHECK_FALSE(big_digits("k", &rows, &width));
}
