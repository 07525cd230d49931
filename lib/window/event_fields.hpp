#pragma once
// What a window tool reads of each event: its time, its grouping key and its values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_line.hpp"
#include "time/timestamp.hpp"
#include "window/event_reader.hpp"
#include "window/event_windows.hpp"
#include "window/group_key.hpp"

namespace rivulet {

// Reads an event's time, key and values: each field at its first occurrence in the line,
// and a bad event reported by its first problem in the order time, time range, key fields,
// values. The usual event (plain top-level names, an integer time, string keys without
// escapes, numbers the reader wants as numbers) is read by inlined lookups; anything else
// by the general field access, which says what is wrong.
class EventFields {
 public:
  // `key` and `reader` must outlive this.
  EventFields(EventTimeReader time, GroupKey* key, EventReader* reader);

  // Reads `doc` (after the reader's select()), the reader's values included. False with
  // *err on bad input; time_read() then says whether the time was read all the same.
  bool read(JsonDocument& doc, const EventWindows& windows, std::string* err);

  bool time_read() const { return time_read_; }
  int64_t time_ns() const { return time_ns_; }
  // Valid until the next read() or the next line.
  std::string_view key() const { return key_; }

 private:
  // The usual event: false if anything is unusual (with *err set only where the document
  // cannot be read again).
  bool read_usual(JsonDocument& doc, const EventWindows& windows, std::string* err);
  static bool lookup_failed(simdjson::error_code e, std::string* err);
  bool read_general(JsonDocument& doc, const EventWindows& windows, std::string* err);
  bool check_time(const EventWindows& windows, std::string* err) const;

  EventTimeReader time_;
  GroupKey* key_fields_;
  EventReader* reader_;
  bool usual_names_ = false;  // every field a plain top-level name
  std::vector<std::string> key_names_;
  const std::vector<FieldPath>* number_fields_ = nullptr;
  double* numbers_ = nullptr;  // where the reader keeps number_fields_' values
  std::vector<std::string> number_names_;
  std::vector<std::string_view> key_parts_;
  std::string key_buffer_;
  bool time_read_ = false;
  int64_t time_ns_ = 0;
  std::string_view key_;
};

}  // namespace rivulet
