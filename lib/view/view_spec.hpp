#pragma once
// What a live view shows: its metrics (chart fields, then counter fields), grouping and span.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rivulet {

constexpr int64_t kDefaultSpanNs = 5LL * 60 * 1000000000;

struct ViewSpec {
  std::vector<std::string> fields;    // one line chart each (--field)
  std::vector<std::string> counters;  // one big-number panel each (--counter)
  std::string by;                     // the --by fields as written ("" : one series)
  int64_t span_ns = kDefaultSpanNs;   // charts show the last span of event time

  // Metric m is fields[m] for m < fields.size(), then counters[m - fields.size()]. A field
  // named both as a chart and as a counter is one metric per role, read twice.
  size_t metric_count() const { return fields.size() + counters.size(); }
  const std::string& metric_name(size_t m) const {
    return m < fields.size() ? fields[m] : counters[m - fields.size()];
  }
  bool is_counter(size_t m) const { return m >= fields.size(); }
};

}  // namespace rivulet
