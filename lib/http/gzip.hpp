#pragma once
// gzip bodies for HTTP requests (Content-Encoding: gzip).

#include <string>
#include <string_view>

namespace rivulet {

// Replaces *out with `in` compressed as one gzip member. Level 1 is the default because
// line protocol compresses well even at the fastest level and the CPU is better spent
// encoding. Throws rivulet::Error if zlib fails.
void gzip_compress(std::string_view in, std::string* out, int level = 1);

// Inverse of gzip_compress (tests and fakes). Throws rivulet::Error on bad data.
std::string gzip_decompress(std::string_view in);

}  // namespace rivulet
