// kpub's and ksub's JSON check: simdjson's DOM, and integers wider than 64 bits let through.

#include "json/json_validator.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "io/line_reader.hpp"

using namespace rivulet;

namespace {

bool valid(JsonValidator& v, std::string text, std::string* err) {
  std::string padded = text + std::string(simdjson::SIMDJSON_PADDING, '\0');
  return v.valid(std::string_view(padded.data(), text.size()), err);
}

}  // namespace

TEST_CASE("JSON validator: valid texts pass, the DOM serves the usual ones") {
  JsonValidator v;
  std::string err;
  CHECK(valid(v, R"({"a":1,"b":[true,null,"x\n"],"c":{"d":-1.5e3}})", &err));
  CHECK(v.dom() != nullptr);
  CHECK(valid(v, "42", &err));
}

TEST_CASE("JSON validator: integers beyond 64 bits pass as their raw token, without a DOM") {
  JsonValidator v;
  std::string err;
  for (const char* text :
       {R"({"n":123456789012345678901234567890})", R"({"n":-99999999999999999999999,"s":"\u00e9"})",
        R"([1e99999,{"a":[12345678901234567890123]}])", "123456789012345678901234567890"}) {
    INFO(text);
    CHECK(valid(v, text, &err));
    CHECK(v.dom() == nullptr);
  }
}

TEST_CASE("JSON validator: bad texts are refused with simdjson's reason") {
  JsonValidator v;
  std::string err;
  for (const char* text :
       {R"({"n":01})", R"({"n":123456789012345678901234567890} x)",
        R"({"n":123456789012345678901234567890,"s":"\q"})",
        R"({"n":123456789012345678901234567890,"t":tru})", "{\"a\":1", "not json"}) {
    INFO(text);
    err.clear();
    CHECK_FALSE(valid(v, text, &err));
    CHECK(err.rfind("invalid JSON: ", 0) == 0);
  }
}

TEST_CASE("a number followed by other bytes is not valid JSON (found by fuzzing)", "[json]") {
  JsonValidator v;
  std::string err;
  std::string text("2\x1aj^j2\x07\x15 1");
  std::string padded = text + std::string(kLinePadding, ' ');
  CHECK_FALSE(v.valid(std::string_view(padded.data(), text.size()), &err));
  std::string wide = "123456789012345678901234567890 x";
  padded = wide + std::string(kLinePadding, ' ');
  CHECK_FALSE(v.valid(std::string_view(padded.data(), wide.size()), &err));
  wide = "123456789012345678901234567890";
  padded = wide + std::string(kLinePadding, ' ');
  CHECK(v.valid(std::string_view(padded.data(), wide.size()), &err));
}
