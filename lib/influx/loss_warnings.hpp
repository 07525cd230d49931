#pragma once
// What influx-write says about data InfluxDB would lose or misplace without a word: string
// fields that are neither tag nor field, points that overwrite an earlier one, and times
// outside 2000..2100 (most often read in the wrong unit).

#include <cstdint>
#include <string>
#include <string_view>

#include "influx/overwrite_check.hpp"
#include "influx/point_encoder.hpp"
#include "io/diagnostics.hpp"
#include "time/plausible_time.hpp"

namespace rivulet {

class LossWarnings {
 public:
  explicit LossWarnings(Diagnostics* diagnostics) : diagnostics_(diagnostics) {}

  // After each point encoded: warns once per new unwritten string field (naming the fix),
  // at the first point that has the series and time of the one before it, and at the first
  // implausible time.
  void check(const PointEncoder& encoder, std::string_view point, int64_t ts_ns,
             std::string_view source, uint64_t line);
  // Reports how many points overwrote another, when more than the one already shown.
  void finish();

 private:
  Diagnostics* diagnostics_;
  size_t reported_strings_ = 0;
  size_t reported_imprecise_ = 0;
  PlausibleTime plausible_time_;
  OverwriteCheck overwrites_;
};

}  // namespace rivulet
