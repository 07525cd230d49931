#include <catch2/catch.hpp>

#include "cli/option_suggestion.hpp"
#include "cli/range_message.hpp"

using rivulet::closest_option;

TEST_CASE("closest_option suggests the option a typo was meant to be", "[cli]") {
  std::vector<std::string> known{"--field", "--by", "--window", "--where", "-f", "--help"};
  CHECK(closest_option("--feild", known) == "--field");    // swapped letters
  CHECK(closest_option("--windw", known) == "--window");   // a letter left out
  CHECK(closest_option("--feild=x", known) == "--field");  // with a value
  CHECK(closest_option("--wher", known) == "--where");
  CHECK(closest_option("--every", known).empty());  // nothing like it
  CHECK(closest_option("--bitrate", known).empty());
}

TEST_CASE("range messages without 300-digit bounds", "[cli]") {
  using rivulet::readable_range_message;
  CHECK(readable_range_message("--partition: Value -1 not in range 0.000000 to 1797693134862315"
                               "7081452742373170435679807056752584499659891747680315726078002853"
                               "8760589558632766878171540458953514382464234321326889464182768467"
                               "546703537516986049910576551282076245490090389328944075868508455"
                               "1339423045832369032229481658085593321233482747978262041447231687"
                               "38177180919299881250404026184124858368.000000") ==
        "--partition: -1 is not at least 0");
  CHECK(readable_range_message("--batch-size: Value 0 not in range 1 to 1000000") ==
        "--batch-size: 0 is not between 1 and 1000000");
  CHECK(readable_range_message("--speed: Value 2.5 not in range 0.500000 to 2.000000") ==
        "--speed: 2.5 is not between 0.5 and 2");
  CHECK(readable_range_message("--x: something else") == "--x: something else");
}
