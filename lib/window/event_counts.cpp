#include "window/event_counts.hpp"

#include "window/key_index.hpp"

namespace rivulet {

namespace {

class CountRows : public WindowRows {
 public:
  CountRows(size_t fields, const std::vector<std::string>* names)
      : names_(names), seen_(fields), fields_(fields) {}

  void add_row() override {
    counts_.push_back(0);
    distinct_.resize(distinct_.size() + fields_, 0);
  }
  void clear() override {
    counts_.clear();
    distinct_.clear();
    for (KeyIndex& s : seen_) s.clear();
  }
  void write(uint32_t row, JsonObjectWriter& out) const override {
    out.key("count").number(counts_[row]);
    for (size_t i = 0; i < fields_; ++i) {
      out.key((*names_)[i]).number(distinct_[row * fields_ + i]);
    }
  }

  void add(uint32_t row, const std::vector<std::string_view>& values) {
    ++counts_[row];
    for (size_t i = 0; i < fields_; ++i) {
      // One set per field for all rows of the window: the value prefixed by its row.
      scratch_.assign(reinterpret_cast<const char*>(&row), sizeof row);
      scratch_.append(values[i].data(), values[i].size());
      bool inserted;
      seen_[i].find_or_insert(scratch_, &inserted);
      if (inserted) ++distinct_[row * fields_ + i];
    }
  }

 private:
  const std::vector<std::string>* names_;
  std::vector<KeyIndex> seen_;
  size_t fields_;
  std::vector<uint64_t> counts_;
  std::vector<uint64_t> distinct_;  // fields_ per row
  std::string scratch_;
};

}  // namespace

EventCounts::EventCounts(std::vector<FieldPath> distinct_fields, EventFilter filter)
    : fields_(std::move(distinct_fields)), filter_(std::move(filter)), values_(fields_.size()) {
  for (const FieldPath& f : fields_) result_names_.push_back(f.text() + "_distinct");
}

Selection EventCounts::select(JsonDocument& doc, std::string* err) {
  return filter_.select(doc, err);
}

bool EventCounts::read(JsonDocument& doc, std::string* err) {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (get_raw_json(doc, fields_[i], &values_[i], err) != FieldStatus::kOk) return false;
    if (!check_.valid(values_[i])) {
      *err = "field \"" + fields_[i].text() + "\" is not valid JSON";
      return false;
    }
  }
  return true;
}

void EventCounts::add(WindowRows& rows, uint32_t row) {
  static_cast<CountRows&>(rows).add(row, values_);
}

std::unique_ptr<WindowRows> EventCounts::make_rows() const {
  return std::make_unique<CountRows>(fields_.size(), &result_names_);
}

std::vector<std::string> EventCounts::result_names() const { return with_count(result_names_); }

}  // namespace rivulet
