#pragma once
// What a window tool keeps per key of a window, and how it reads an event's values: the
// part that differs between the window tools, behind interfaces for their shared loop
// (EventReader) and for WindowEngine (Aggregation).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "json/json_line.hpp"
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

// Result of EventReader::select.
enum class Selection { kSelected, kSkipped, kBad };

// How a window tool reads an event's values, and what its results are called.
class EventReader {
 public:
  virtual ~EventReader() = default;

  // Whether the event takes part at all (win-count --where); kBad with *err if the document
  // turned out to be malformed while looking.
  virtual Selection select(JsonDocument& doc, std::string* err) {
    (void)doc;
    (void)err;
    return Selection::kSelected;
  }
  // Reads the event's values (after its time and key). False with *err on bad input, in
  // which case the event is not added anywhere.
  virtual bool read(JsonDocument& doc, std::string* err) = 0;
  // When all the reader reads are numbers (win-avg's fields): those fields, and where read()
  // puts their values, so the loop may read the usual event's values itself with its time
  // and key (EventFields) instead of calling read(). nullptr (the default): read() reads.
  virtual const std::vector<FieldPath>* number_fields() const { return nullptr; }
  virtual double* number_values() { return nullptr; }
  // The names of the result fields after the times and key fields, in order.
  virtual std::vector<std::string> result_names() const = 0;
};

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
