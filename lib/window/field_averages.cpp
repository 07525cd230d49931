#include "window/field_averages.hpp"

#include "window/compensated_sum.hpp"

namespace rivulet {

namespace {

struct FieldSummary {
  CompensatedSum sum;
  double min;
  double max;
};

class AverageRows : public WindowRows {
 public:
  AverageRows(size_t fields, const std::vector<std::string>* names)
      : fields_(fields), names_(names) {}

  void add_row() override {
    counts_.push_back(0);
    summaries_.resize(summaries_.size() + fields_);
  }
  void clear() override {
    counts_.clear();
    summaries_.clear();
  }
  void write(uint32_t row, JsonObjectWriter& out) const override {
    uint64_t count = counts_[row];
    out.key("count").number(count);
    const FieldSummary* s = &summaries_[row * fields_];
    for (size_t i = 0; i < fields_; ++i) {
      out.key((*names_)[3 * i]).number(s[i].sum.value() / static_cast<double>(count));
      out.key((*names_)[3 * i + 1]).number(s[i].min);
      out.key((*names_)[3 * i + 2]).number(s[i].max);
    }
  }

  void add(uint32_t row, const double* values) {
    uint64_t n = counts_[row]++;
    FieldSummary* s = &summaries_[row * fields_];
    for (size_t i = 0; i < fields_; ++i) {
      double v = values[i];
      s[i].sum.add(v);
      if (n == 0 || v < s[i].min) s[i].min = v;
      if (n == 0 || v > s[i].max) s[i].max = v;
    }
  }

 private:
  size_t fields_;
  const std::vector<std::string>* names_;
  std::vector<uint64_t> counts_;
  std::vector<FieldSummary> summaries_;  // fields_ per row
};

}  // namespace

FieldAverages::FieldAverages(std::vector<FieldPath> fields)
    : fields_(std::move(fields)), values_(fields_.size()) {
  for (const FieldPath& f : fields_) {
    result_names_.push_back(f.text() + "_avg");
    result_names_.push_back(f.text() + "_min");
    result_names_.push_back(f.text() + "_max");
  }
}

bool FieldAverages::read(JsonDocument& doc, std::string* err) {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (get_number(doc, fields_[i], &values_[i], err) != FieldStatus::kOk) return false;
  }
  return true;
}

void FieldAverages::add(WindowRows& rows, uint32_t row) {
  static_cast<AverageRows&>(rows).add(row, values_.data());
}

std::unique_ptr<WindowRows> FieldAverages::make_rows() const {
  return std::make_unique<AverageRows>(fields_.size(), &result_names_);
}

std::vector<std::string> FieldAverages::result_names() const {
  return with_count(result_names_);
}

}  // namespace rivulet
