#include "json/json_token.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "io/line_reader.hpp"
#include "json/json_validator.hpp"

using namespace rivulet;

TEST_CASE("JSON whitespace is trimmed and skipped as RFC 8259 defines it", "[json]") {
  CHECK(trim_json_whitespace("\"a\" \t\r\n") == "\"a\"");
  CHECK(trim_json_whitespace(" \t") == "");
  CHECK(trim_json_whitespace("1\v") == "1\v");  // not JSON whitespace
  CHECK(json_whitespace_prefix("\r\n\t {") == 4);
  CHECK(json_whitespace_prefix("") == 0);
}

TEST_CASE("the JSON number grammar, with what a number holds", "[json]") {
  JsonNumberText n;
  REQUIRE(scan_json_number("1700000000033 \n", &n));
  CHECK(n.length == 13);
  CHECK(n.integer);
  CHECK_FALSE(n.exponent);
  REQUIRE(scan_json_number("-0.5e+3", &n));
  CHECK(n.length == 7);
  CHECK_FALSE(n.integer);
  CHECK(n.exponent);
  REQUIRE(scan_json_number("2875.4", &n));
  CHECK_FALSE(n.integer);
  CHECK_FALSE(n.exponent);
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x1", "1 2", "NaN"}) {
    CHECK_FALSE(scan_json_number(bad));
  }
}

TEST_CASE("JsonValidator accepts valid scalars by hand and says what is wrong", "[json]") {
  JsonValidator validator;
  std::string err;
  CHECK(validator.valid("\"caf\\u00e9\"", &err));
  CHECK(validator.valid("-1.5e3", &err));
  std::string padded = std::string(R"([1,{"b":null}])") + std::string(kLinePadding, ' ');
  CHECK(validator.valid(std::string_view(padded.data(), 14), &err));
  std::string line = std::string("not json") + std::string(kLinePadding, ' ');
  CHECK_FALSE(validator.valid(std::string_view(line.data(), 8), &err));
  CHECK(err.rfind("invalid JSON: ", 0) == 0);
  std::string dots = std::string("1.2.3") + std::string(kLinePadding, ' ');
  CHECK_FALSE(validator.valid(std::string_view(dots.data(), 5)));
}
