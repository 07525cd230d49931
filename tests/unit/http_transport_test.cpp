#include "http/http_transport.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "error.hpp"
#include "http/gzip.hpp"

using namespace rivulet;

TEST_CASE("Retry-After: seconds or an HTTP date") {
  CHECK(parse_retry_after("120", 0) == 120.0);
  CHECK(parse_retry_after(" 0 ", 0) == 0.0);
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777.
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111770) == 7.0);
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111790) == 0.0);
  CHECK(parse_retry_after("soon", 0) < 0);
  CHECK(parse_retry_after("", 0) < 0);
}

TEST_CASE("gzip round trip, and bad data is an error") {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "m,stream=cam-1 v=" + std::to_string(i) + "i\n";
  std::string packed;
  gzip_compress(text, &packed);
  CHECK(packed.size() < text.size() / 4);
  CHECK(static_cast<unsigned char>(packed[0]) == 0x1f);
  CHECK(gzip_decompress(packed) == text);
  gzip_compress("", &packed);
  CHECK(gzip_decompress(packed).empty());
  CHECK_THROWS_AS(gzip_decompress("not gzip"), Error);
}
