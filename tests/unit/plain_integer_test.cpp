#include "json/plain_integer.hpp"

#include <simdjson.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>

using namespace rivulet;

namespace {

// What simdjson's get_int64 makes of `token` as the value of a field: the oracle.
bool simdjson_int64(const std::string& token, int64_t* out) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string json("{\"t\":" + token + "}");
  simdjson::ondemand::document doc;
  if (parser.iterate(json).get(doc) != simdjson::SUCCESS) return false;
  return doc.find_field("t").get_int64().get(*out) == simdjson::SUCCESS;
}

// read_plain_int64 on `token` followed by `after` and padding.
bool plain(const std::string& token, int64_t* out, const std::string& after = "}") {
  std::string text = token + after + std::string(32, '\0');
  return read_plain_int64(text.data(), out);
}

}  // namespace

TEST_CASE("read_plain_int64 reads what simdjson reads, or leaves the token to it", "[json]") {
  for (const char* token :
       {"0", "-0", "7", "-7", "42", "1700000000000", "-1700000000000", "12345678", "123456789",
        "9999999999999999", "-9999999999999999", "1000000000000000"}) {
    int64_t fast = 0, slow = 1;
    INFO(token);
    REQUIRE(plain(token, &fast));
    REQUIRE(simdjson_int64(token, &slow));
    CHECK(fast == slow);
  }
  int64_t v;
  // Left to simdjson: more than 16 digits, leading zeros, fractions, exponents, non-numbers.
  for (const char* token : {"12345678901234567", "1700000000000000000", "01", "-01", "00", "1.5",
                            "1e3", "1E3", "17.0", "-", "\"1\"", "true", "", "+1", "1x"}) {
    INFO(token);
    CHECK_FALSE(plain(token, &v));
  }
  // The token ends the value: a comma, a brace, a bracket or whitespace; else not ours.
  for (const char* after : {",", "}", "]", " ", "\t", "\r", "\n"}) CHECK(plain("15", &v, after));
  CHECK(v == 15);
  CHECK_FALSE(plain("15", &v, ":"));
  CHECK_FALSE(plain("15", &v, "a"));
}

TEST_CASE("read_plain_int64 agrees with simdjson on random integers of every length", "[json]") {
  std::mt19937_64 random(17);
  for (int i = 0; i < 20000; ++i) {
    int digits = 1 + static_cast<int>(random() % 16);
    std::string token = random() % 2 ? "-" : "";
    token += static_cast<char>('1' + random() % 9);
    for (int d = 1; d < digits; ++d) token += static_cast<char>('0' + random() % 10);
    int64_t fast = 0, slow = 1;
    INFO(token);
    REQUIRE(plain(token, &fast, i % 2 ? "," : " }"));
    REQUIRE(simdjson_int64(token, &slow));
    CHECK(fast == slow);
  }
}
