#include <catch2/catch.hpp>

#include "http/text_encoding.hpp"

using namespace rivulet;

TEST_CASE("url_encode: unreserved characters stay, everything else is %XX") {
  CHECK(url_encode("abc-XYZ_0.9~") == "abc-XYZ_0.9~");
  CHECK(url_encode("SELECT * FROM \"m\"") == "SELECT%20%2A%20FROM%20%22m%22");
  CHECK(url_encode("a&b=c") == "a%26b%3Dc");
  CHECK(url_encode("\xc3\xa9") == "%C3%A9");
  CHECK(url_encode("") == "");
}

TEST_CASE("base64: RFC 4648 test vectors, padded") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foob") == "Zm9vYg==");
  CHECK(base64("fooba") == "Zm9vYmE=");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\xfe\x00", 3)) == "//4A");
}
