#pragma once
// One window result line: {"ts":START,"window_end":END,KEYS...,"count":N,...}.

#include <cstdint>
#include <string>
#include <string_view>

#include "time/timestamp.hpp"
#include "window/group_key.hpp"
#include "window/window_rows.hpp"

namespace rivulet {

// Writes results in the window-result schema of rivulet(7): ts is the window start (as
// InfluxDB labels a GROUP BY time() bucket), times are integers in `unit` (kAuto: ms),
// then the key fields with their JSON values as they were in the input, then the rows'
// aggregate fields.
class ResultWriter {
 public:
  ResultWriter(const GroupKey* key, TimeUnitOrAuto unit) : key_(key), unit_(unit) {}

  void write(std::string& out, int64_t start_ns, int64_t end_ns, std::string_view key,
             const WindowRows& rows, uint32_t row) const;

 private:
  const GroupKey* key_;
  TimeUnitOrAuto unit_;
};

}  // namespace rivulet
