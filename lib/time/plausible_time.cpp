#include "time/plausible_time.hpp"

#include <fmt/format.h>

#include "time/timestamp.hpp"

namespace rivulet {

namespace {
constexpr int64_t kYear2000Ns = 946684800LL * 1000000000;
constexpr int64_t kYear2100Ns = 4102444800LL * 1000000000;
}  // namespace

std::string PlausibleTime::check(int64_t ns) {
  if (warned_ || (ns >= kYear2000Ns && ns < kYear2100Ns)) return {};
  warned_ = true;
  return fmt::format(
      "time {} is {} (are the numbers in the unit --time-unit says? only the first such "
      "time is reported)",
      format_rfc3339(ns), ns < kYear2000Ns ? "before 2000" : "after 2100");
}

}  // namespace rivulet
