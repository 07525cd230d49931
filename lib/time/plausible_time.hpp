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
  std::string check(int64_t ns);

 private:
  bool warned_ = false;
};

}  // namespace rivulet
