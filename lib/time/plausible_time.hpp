#pragma once
// Event times outside 2000..2100 are nearly always numbers read in the wrong unit
// (seconds taken for milliseconds land in January 1970): worth one warning per run.

#include <cstdint>
#include <string>

namespace rivulet {

class PlausibleTime {
 public:
  // Empty while times fall in [2000-01-01, 2100-01-01); for the first one outside, the
  // warning to give ("time 1970-01-20T16:13:20Z is before 2000: ..."); empty after that.
  // The check is inline and builds no string for a plausible time: it runs on every event.
  std::string check(int64_t ns) {
    if (warned_ || (ns >= kYear2000Ns && ns < kYear2100Ns)) return {};
    return first_warning(ns);
  }

 private:
  static constexpr int64_t kYear2000Ns = 946684800LL * 1000000000;
  static constexpr int64_t kYear2100Ns = 4102444800LL * 1000000000;

  std::string first_warning(int64_t ns);

  bool warned_ = false;
};

}  // namespace rivulet
