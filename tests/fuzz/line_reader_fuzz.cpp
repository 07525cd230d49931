// LineReader over arbitrary bytes and block sizes: never reads outside its buffer, and the
// lines it hands out are exactly the input's non-blank lines, without their line ends.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "io/line_reader.hpp"

using namespace rivulet;

namespace {

// The oracle: split on '\n', strip one trailing '\r' and a leading UTF-8 BOM on line 1,
// skip blank lines (nothing but spaces, tabs and '\r').
std::vector<std::string> expected_lines(std::string_view data) {
  std::vector<std::string> out;
  size_t start = 0, number = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string_view::npos) end = data.size();
    std::string line(data.substr(start, end - start));
    ++number;
    if (number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
    start = end + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size == 0) return 0;
  size_t block = 1 + bytes[0] % 64;  // tiny blocks exercise refills and line growth
  std::string_view data(reinterpret_cast<const char*>(bytes) + 1, size - 1);
  int fd = memfd_create("fuzz", 0);
  if (fd < 0) abort();
  if (!data.empty() && write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size()))
    abort();
  lseek(fd, 0, SEEK_SET);
  LineReader reader(fd, "fuzz", true, block);
  std::vector<std::string> got;
  Line line;
  while (reader.next(&line) == ReadStatus::kLine) {
    // The padding after a line must be readable (simdjson reads ahead into it).
    volatile char sink = 0;
    for (size_t i = 0; i < kLinePadding; ++i) sink = sink + line.text.data()[line.text.size() + i];
    got.emplace_back(line.text);
  }
  if (got != expected_lines(data)) abort();
  return 0;
}
