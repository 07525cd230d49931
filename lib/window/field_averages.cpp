#include "window/field_averages.hpp"

#include <algorithm>

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
  AverageRows(size_t fields, const FieldExtras* extras, const std::vector<std::string>* names)
      : fields_(fields),
        extras_(extras),
        names_(names),
        names_per_field_(names->size() / (fields == 0 ? 1 : fields)),
        keep_values_(!extras->percentiles.empty()),
        percentile_values_(extras->percentiles.size()),
        has_percentile_(new bool[extras->percentiles.size() + 1]) {}

  void add_row() override {
    counts_.push_back(0);
    summaries_.resize(summaries_.size() + fields_);
    if (keep_values_) {
      // Distributions of cleared rows are reused with their capacity.
      used_distributions_ += fields_;
      if (distributions_.size() < used_distributions_) distributions_.resize(used_distributions_);
    }
  }
  void clear() override {
    counts_.clear();
    summaries_.clear();
    for (size_t i = 0; i < used_distributions_; ++i) distributions_[i].clear();
    used_distributions_ = 0;
  }
  void write(uint32_t row, JsonObjectWriter& out) const override {
    uint64_t count = counts_[row];
    out.key("count").number(count);
    const FieldSummary* s = &summaries_[row * fields_];
    for (size_t i = 0; i < fields_; ++i) {
      const std::string* name = &(*names_)[names_per_field_ * i];
      out.key(*name++).number(s[i].sum.value() / static_cast<double>(count));
      out.key(*name++).number(s[i].min);
      out.key(*name++).number(s[i].max);
      if (extras_->sum) out.key(*name++).number(s[i].sum.value());
      if (!keep_values_) continue;
      distributions_[row * fields_ + i].percentiles(extras_->percentiles, percentile_values_.data(),
                                                    has_percentile_.get());
      for (size_t p = 0; p < percentile_values_.size(); ++p) {
        out.key(*name++);
        if (has_percentile_[p]) {
          // A sketch's bucket value may lie just outside the values seen; the true value
          // does not.
          out.number(std::clamp(percentile_values_[p], s[i].min, s[i].max));
        } else {
          out.null();
        }
      }
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
    if (keep_values_) {
      ValueDistribution* d = &distributions_[row * fields_];
      for (size_t i = 0; i < fields_; ++i) d[i].add(values[i], extras_->exact_limit);
    }
  }

 private:
  size_t fields_;
  const FieldExtras* extras_;
  const std::vector<std::string>* names_;
  size_t names_per_field_;
  bool keep_values_;
  std::vector<uint64_t> counts_;
  std::vector<FieldSummary> summaries_;  // fields_ per row
  // fields_ per row. write() sorts a row's values in place: nothing reads them after the
  // window's results are written, until clear().
  mutable std::vector<ValueDistribution> distributions_;
  size_t used_distributions_ = 0;
  mutable std::vector<double> percentile_values_;
  std::unique_ptr<bool[]> has_percentile_;
};

}  // namespace

FieldAverages::FieldAverages(std::vector<FieldPath> fields, FieldExtras extras)
    : fields_(std::move(fields)), extras_(std::move(extras)), values_(fields_.size()) {
  for (const FieldPath& f : fields_) {
    result_names_.push_back(f.text() + "_avg");
    result_names_.push_back(f.text() + "_min");
    result_names_.push_back(f.text() + "_max");
    if (extras_.sum) result_names_.push_back(f.text() + "_sum");
    for (const Percentile& p : extras_.percentiles) {
      result_names_.push_back(f.text() + "_" + p.name);
    }
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
  return std::make_unique<AverageRows>(fields_.size(), &extras_, &result_names_);
}

std::vector<std::string> FieldAverages::result_names() const { return with_count(result_names_); }

}  // namespace rivulet
