#pragma once
// win-session's values and results: the --keep fields of a session's first event, and the
// result line of a closed session.

#include <string>
#include <string_view>
#include <vector>

#include "json/field_path.hpp"
#include "time/timestamp.hpp"
#include "window/event_reader.hpp"
#include "window/group_key.hpp"
#include "window/session_engine.hpp"

namespace rivulet {

// Reads each event's --keep fields as raw JSON (a missing one as null), to be kept with a
// session whose first event it is; writes a closed session as
//   {"ts":FIRST,"session_end":LAST,KEYS...,"duration_ms":D,"count":N,KEPT...}
// with times in `unit` (kAuto: ms) and duration_ms = LAST - FIRST in whole milliseconds.
class SessionFields : public EventReader {
 public:
  SessionFields(std::vector<FieldPath> keep, TimeUnitOrAuto unit)
      : keep_(std::move(keep)), unit_(unit) {}

  bool read(JsonDocument& doc, std::string* err) override {
    return keep_.read(doc, &buffer_, &values_, err);
  }
  std::vector<std::string> result_names() const override;

  // The --keep values of the event read last, valid until the next read.
  std::string_view values() const { return values_; }

  void write(std::string& out, const GroupKey& key_fields, std::string_view key,
             const Session& session) const;

 private:
  GroupKey keep_;  // the same typed raw-JSON reading and writing as the grouping key
  TimeUnitOrAuto unit_;
  std::string buffer_;
  std::string_view values_;
};

}  // namespace rivulet
