// Durations and timestamps from arbitrary text: parsing never crashes, and what is printed
// parses back to the same value (durations and RFC 3339 times round-trip).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "time/duration.hpp"
#include "time/timestamp.hpp"

using namespace rivulet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  std::string err;
  int64_t ns = 0, again = 0;
  if (parse_duration(text, &ns, &err)) {
    if (!parse_duration(format_duration(ns), &again, &err) || again != ns) abort();
  }
  if (parse_rfc3339(text, &ns, &err)) {
    if (!parse_rfc3339(format_rfc3339(ns), &again, &err) || again != ns) abort();
  }
  parse_time_argument(text, 1'700'000'000'000'000'000, &ns, &err);
  return 0;
}
