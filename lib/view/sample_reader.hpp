#pragma once
// Reads the numbers a live view shows from one NDJSON line: its time, its key and the
// values of the view's metrics.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_line.hpp"
#include "time/timestamp.hpp"
#include "view/view_spec.hpp"
#include "window/group_key.hpp"

namespace rivulet {

struct MetricValue {
  size_t metric;
  double value;
};

// What one line holds for the view; valid until the next read.
struct ViewSample {
  int64_t time_ns = 0;
  // The right edge this line moves the charts to: its window_end when it is a window result
  // (the moment its value was known), else its time.
  int64_t edge_ns = 0;
  std::string_view raw_key;  // GroupKey form: raw JSON of the --by fields joined by '\n'
  std::vector<MetricValue> values;
};

enum class SampleStatus {
  kOk,        // time, key and at least one metric read
  kNoValues,  // a good line holding none of the metrics (or only nulls)
  kBad,       // malformed: *err says why
};

class SampleReader {
 public:
  // `time` reads the event time; window_end is read in the same unit.
  SampleReader(const ViewSpec& spec, EventTimeReader time);

  SampleStatus read(std::string_view line, ViewSample* sample, std::string* err);

 private:
  std::vector<FieldPath> metrics_;
  EventTimeReader time_;
  EventTimeReader window_end_;
  GroupKey key_;
  JsonLineParser parser_;
  JsonDocument doc_;
  std::string key_buffer_;
};

// The label a key is shown with: its fields' values joined by ", ", strings without their
// quotes and escapes ("\"cam-1\"" -> "cam-1"); an empty raw key (no --by) gives "".
std::string key_label(std::string_view raw_key);

}  // namespace rivulet
