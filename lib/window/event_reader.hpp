#pragma once
// How a window tool reads an event's values: the part that differs between the window tools,
// behind an interface for their shared loop.

#include <string>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_line.hpp"

namespace rivulet {

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
  // puts their values (one place for the reader's life), so the loop may read the usual event's
  // values itself with its time and key (EventFields) instead of calling read(). nullptr (the
  // default): read() reads.
  virtual const std::vector<FieldPath>* number_fields() const { return nullptr; }
  virtual double* number_values() { return nullptr; }
  // The names of the result fields after the times and key fields, in order.
  virtual std::vector<std::string> result_names() const = 0;
};

}  // namespace rivulet
