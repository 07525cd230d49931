#pragma once
// What a window tool keeps per key of a window: rows of aggregates, written as results.

#include <cstdint>

#include "json/json_writer.hpp"

namespace rivulet {

// The aggregates of one window: one row per key, rows numbered 0, 1, ... as keys appear.
class WindowRows {
 public:
  virtual ~WindowRows() = default;
  // Appends an empty row for a new key.
  virtual void add_row() = 0;
  // Forgets all rows (the window is reused); keeps capacity.
  virtual void clear() = 0;
  // Appends the row's result fields ("count", ...) to an open result object.
  virtual void write(uint32_t row, JsonObjectWriter& out) const = 0;
};

}  // namespace rivulet
