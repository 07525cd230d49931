#include <catch2/catch.hpp>

#include "cli/option_suggestion.hpp"

using rivulet::closest_option;

TEST_CASE("closest_option suggests the option a typo was meant to be", "[cli]") {
  std::vector<std::string> known{"--field", "--by", "--window", "--where", "-f", "--help"};
  CHECK(closest_option("--feild", known) == "--field");     // swapped letters
  CHECK(closest_option("--windw", known) == "--window");    // a letter left out
  CHECK(closest_option("--feild=x", known) == "--field");   // with a value
  CHECK(closest_option("--wher", known) == "--where");
  CHECK(closest_option("--every", known).empty());          // nothing like it
  CHECK(closest_option("--bitrate", known).empty());
}
