#pragma once
// CLI11's range checks print their bounds as doubles: "Value -1 not in range 0.000000 to
// 1797...(300 digits).000000". This says the same thing readably.

#include <string>

namespace rivulet {

// Rewrites "Value V not in range A to B" inside `message` as "V is not at least A" (when B
// is beyond any useful number) or "V is not between A and B", bounds without ".000000".
// Other messages come back unchanged.
std::string readable_range_message(const std::string& message);

}  // namespace rivulet
