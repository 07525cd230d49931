#include "time/plausible_time.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace rivulet {

std::string PlausibleTime::first_warning(int64_t ns) {
  warned_ = true;
  return fmt::format(
      "time {} is {} (are the numbers in the unit --time-unit says? only the first such "
      "time is reported)",
      format_rfc3339(ns), ns < kYear2000Ns ? "before 2000" : "after 2100");
}

}  // namespace rivulet
