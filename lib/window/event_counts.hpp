#pragma once
// win-count's aggregation: events per window and exact counts of distinct values.

#include <string>
#include <string_view>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_token.hpp"
#include "json/json_validator.hpp"
#include "window/aggregation.hpp"
#include "window/event_filter.hpp"

namespace rivulet {

// "count", and for every --distinct field F the exact number of distinct values of F
// ("F_distinct"), compared as their JSON text: "v-1" and "v-1" are one value, 1 and "1"
// two. Exact means memory grows with the distinct values of a window (they are kept until
// it closes); a missing distinct field is bad input. Events the filter skips are ignored.
class EventCounts : public Aggregation {
 public:
  EventCounts(std::vector<FieldPath> distinct_fields, EventFilter filter);

  Selection select(JsonDocument& doc, std::string* err) override;
  bool read(JsonDocument& doc, std::string* err) override;
  void add(WindowRows& rows, uint32_t row) override;
  std::unique_ptr<WindowRows> make_rows() const override;
  std::vector<std::string> result_names() const override;

 private:
  std::vector<FieldPath> fields_;
  EventFilter filter_;
  std::vector<std::string> result_names_;  // F_distinct
  std::vector<std::string_view> values_;   // of the event read last, valid until next line
  JsonValidator check_;
};

}  // namespace rivulet
