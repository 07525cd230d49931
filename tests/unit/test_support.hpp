#pragma once
// Small helpers shared by the unit tests.

#include <cstdio>
#include <string>

namespace rivulet_test {

// Everything written so far to a stdio stream opened for update (e.g. std::tmpfile()).
inline std::string stream_contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

}  // namespace rivulet_test
