#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rivulet {

// Parses a duration such as "250ms", "10s", "1m", "1h", "1m30s", "1.5s", "2d" into
// nanoseconds. Units: ns, us (or µs), ms, s, m, h, d. Every number needs a unit; "0" alone
// is accepted as zero. Returns false and sets *err on bad text.
bool parse_duration(std::string_view text, int64_t* ns, std::string* err);

// The shortest exact text for a duration: 10000000000 -> "10s", 90000000000 -> "1m30s".
std::string format_duration(int64_t ns);

}  // namespace rivulet
