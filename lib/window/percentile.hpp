#pragma once
// Percentiles as InfluxDB 1.x's percentile() defines them, exactly or from a sketch.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "window/quantile_sketch.hpp"

namespace rivulet {

// A requested percentile: its value and the suffix naming its result ("p95", "p99.9").
struct Percentile {
  double value = 0;
  std::string name;
};

// Parses "95", "99.9" (0 <= P <= 100). False with *err otherwise.
bool parse_percentile(std::string_view text, Percentile* out, std::string* err);

// The 0-based index into n sorted values that InfluxDB's percentile(P) returns:
// floor(n * P / 100 + 0.5) - 1, computed in the same double arithmetic as influxd; -1 when
// that falls outside the values (InfluxDB then returns no value: always for P = 0, and for
// small P on few values).
// The percentiles of a repeatable option whose values may be comma-separated lists, in the
// order given. Throws UsageError naming the option on a bad value.
std::vector<Percentile> parse_percentile_options(const std::vector<std::string>& values);

int64_t percentile_index(uint64_t n, double percentile);

// The values of one field in one window and key: all of them while there are at most
// `exact_limit`, so percentiles are exact; past that a QuantileSketch (1% relative error)
// that keeps memory bounded. clear() keeps the capacity for the next window.
class ValueDistribution {
 public:
  void add(double value, uint64_t exact_limit) {
    if (sketch_.count() == 0 && values_.size() < exact_limit) {
      values_.push_back(value);
    } else {
      add_beyond_limit(value);
    }
  }
  void clear();

  uint64_t count() const { return values_.size() + sketch_.count(); }
  bool exact() const { return sketch_.count() == 0; }

  // Fills out[i] with the value of percentiles[i] (false in has[i] when InfluxDB would
  // return none). Sorts the exact values in place.
  void percentiles(const std::vector<Percentile>& percentiles, double* out, bool* has);

 private:
  void add_beyond_limit(double value);

  std::vector<double> values_;
  QuantileSketch sketch_;
};

}  // namespace rivulet
