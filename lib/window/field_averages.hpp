#pragma once
// win-avg's aggregation: count, and average, minimum and maximum of numeric fields.

#include <string>
#include <vector>

#include "json/field_path.hpp"
#include "window/window_rows.hpp"

namespace rivulet {

// For every field F: F_avg (compensated sum / count), F_min, F_max; and one "count".
// An event whose field is missing or not a number is bad input, never averaged as 0.
class FieldAverages : public Aggregation {
 public:
  explicit FieldAverages(std::vector<FieldPath> fields);

  bool read(JsonDocument& doc, std::string* err) override;
  void add(WindowRows& rows, uint32_t row) override;
  std::unique_ptr<WindowRows> make_rows() const override;
  std::vector<std::string> result_names() const override;

  const std::vector<FieldPath>& fields() const { return fields_; }

 private:
  std::vector<FieldPath> fields_;
  std::vector<std::string> result_names_;  // F_avg, F_min, F_max for each field in turn
  std::vector<double> values_;             // of the event read last
};

}  // namespace rivulet
