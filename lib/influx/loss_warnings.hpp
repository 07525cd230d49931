#pragma once
// What influx-write says about data InfluxDB would lose without a word: string fields that
// are neither tag nor field, and points that overwrite an earlier one.

#include <cstdint>
#include <string>
#include <string_view>

#include "influx/overwrite_check.hpp"
#include "influx/point_encoder.hpp"
#include "io/diagnostics.hpp"

namespace rivulet {

class LossWarnings {
 public:
  explicit LossWarnings(Diagnostics* diagnostics) : diagnostics_(diagnostics) {}

  // After each point encoded: warns once per new unwritten string field (naming the fix),
  // and at the first point that has the series and time of the one before it.
  void check(const PointEncoder& encoder, std::string_view point, int64_t ts_ns,
             std::string_view source, uint64_t line);
  // Reports how many points overwrote another, when more than the one already shown.
  void finish();

 private:
  Diagnostics* diagnostics_;
  size_t reported_strings_ = 0;
  OverwriteCheck overwrites_;
};

}  // namespace rivulet
