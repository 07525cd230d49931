#pragma once
// What fixed windows (WindowEngine) keep per key and how they fill it: an EventReader that
// also makes and adds to WindowRows.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "window/event_reader.hpp"
#include "window/window_rows.hpp"

namespace rivulet {

// What fixed windows keep per key: rows of aggregates.
class Aggregation : public EventReader {
 public:
  // Adds the values read last to `row` of `rows`, which make_rows() created.
  virtual void add(WindowRows& rows, uint32_t row) = 0;
  virtual std::unique_ptr<WindowRows> make_rows() const = 0;
};

// "count" followed by `names`: the result fields of rows that write a count first.
inline std::vector<std::string> with_count(const std::vector<std::string>& names) {
  std::vector<std::string> out{"count"};
  out.insert(out.end(), names.begin(), names.end());
  return out;
}

}  // namespace rivulet
