#pragma once
// win-avg's aggregation: count, and average, minimum, maximum, sum and percentiles of
// numeric fields.

#include <cstdint>
#include <string>
#include <vector>

#include "json/field_path.hpp"
#include "window/aggregation.hpp"
#include "window/percentile.hpp"

namespace rivulet {

// What win-avg computes beyond average, minimum and maximum.
struct FieldExtras {
  bool sum = false;                     // F_sum
  std::vector<Percentile> percentiles;  // F_p50, F_p99.9, ...
  uint64_t exact_limit = 100000;        // values a window keeps per key for exact percentiles
};

// For every field F: F_avg (compensated sum / count), F_min, F_max, then F_sum and the
// percentiles asked for; and one "count". An event whose field is missing or not a number
// is bad input, never averaged as 0. Percentiles are InfluxDB's (see percentile_index), null
// where InfluxDB returns none; exact up to exact_limit values per window and key, from a
// QuantileSketch beyond.
class FieldAverages : public Aggregation {
 public:
  explicit FieldAverages(std::vector<FieldPath> fields, FieldExtras extras = {});

  bool read(JsonDocument& doc, std::string* err) override;
  const std::vector<FieldPath>* number_fields() const override { return &fields_; }
  double* number_values() override { return values_.data(); }
  void add(WindowRows& rows, uint32_t row) override;
  std::unique_ptr<WindowRows> make_rows() const override;
  std::vector<std::string> result_names() const override;

  const std::vector<FieldPath>& fields() const { return fields_; }

 private:
  std::vector<FieldPath> fields_;
  FieldExtras extras_;
  std::vector<std::string> result_names_;  // F_avg, F_min, F_max, ... for each field in turn
  std::vector<double> values_;             // of the event read last
};

}  // namespace rivulet
