
#include "window/event_fields.hpp"

#include "json/plain_integer.hpp"

namespace rivulet {

namespace {

// A name find_first_field finds as the user meant it: one top-level key, compared with the
// line's raw key text, so without a quote or backslash to escape.
bool is_plain_name(const FieldPath& path) {
  return path.parts().size() == 1 && !path.parts()[0].empty() &&
         path.parts()[0].find_first_of("\"\\") == std::string::npos;
}

}  // namespace

EventFields::EventFields(EventTimeReader time, GroupKey* key, EventReader* reader)
    : time_(std::move(time)),
      key_fields_(key),
      reader_(reader),
      number_fields_(reader->number_fields()),
      numbers_(reader->number_values()) {
  usual_names_ = is_plain_name(time_.field());
  for (const FieldPath& k : key->fields()) {
    usual_names_ = usual_names_ && is_plain_name(k);
    key_names_.push_back(k.text());
  }
  if (number_fields_ != nullptr) {
    for (const FieldPath& f : *number_fields_) {
      usual_names_ = usual_names_ && is_plain_name(f);
      number_names_.push_back(f.text());
    }
  }
  key_parts_.resize(key_names_.size());
}

bool EventFields::read(JsonDocument& doc, const EventWindows& windows, std::string* err) {
  if (usual_names_) {
    if (read_usual(doc, windows, err)) return true;
    // Malformed JSON ends a document for good (simdjson abandons it): read_usual met it
    // where the general path would, and said so in *err.
    if (!doc.is_alive()) return false;
  }
  return read_general(doc, windows, err);
}

bool EventFields::check_time(const EventWindows& windows, std::string* err) const {
  if (windows.accepts(time_ns_)) return true;
  *err = "time " + format_rfc3339(time_ns_) + " is too close to the limits of the time range";
  return false;
}

bool EventFields::read_usual(JsonDocument& doc, const EventWindows& windows, std::string* err) {
  // Lookups inlined here, as a bare simdjson loop makes them, save a third of win-avg's time
  // per event (tests/bench/parse_bench). Anything unusual returns false for read_general to
  // read again, which finds the same first occurrences, and says what is wrong.
  time_read_ = false;
  JsonValue value;
  int64_t epoch;
  simdjson::error_code e = find_first_field(doc, time_.field().text(), &value);
  if (e != simdjson::SUCCESS) return lookup_failed(e, err);
  // epoch_to_ns for an integer, inline; an overflow is read again by read_general, which
  // says what is wrong.
  // The usual integer read eight digits at a time (read_plain_int64); any other token by
  // simdjson.
  if ((!read_plain_int64(value.raw_json_token().data(), &epoch) &&
       value.get_int64().get(epoch) != simdjson::SUCCESS) ||
      __builtin_mul_overflow(
          epoch, time_unit_ns(resolve_time_unit(static_cast<double>(epoch), time_.unit())),
          &time_ns_) ||
      !windows.accepts(time_ns_)) {
    return false;
  }
  time_read_ = true;
  for (size_t i = 0; i < key_names_.size(); ++i) {
    e = find_first_field(doc, key_names_[i], &value);
    if (e == simdjson::NO_SUCH_FIELD) {
      key_parts_[i] = "null";
      continue;
    }
    if (e != simdjson::SUCCESS) return lookup_failed(e, err);
    key_parts_[i] = trim_json_whitespace(value.raw_json_token());
    if (!GroupKey::is_plain_string(key_parts_[i])) return false;
  }
  if (number_fields_ == nullptr) {
    if (!reader_->read(doc, err)) return false;
  } else {
    double* numbers = numbers_;
    for (size_t i = 0; i < number_names_.size(); ++i) {
      e = find_first_field(doc, number_names_[i], &value);
      if (e != simdjson::SUCCESS) return lookup_failed(e, err);
      if (value.get_double().get(numbers[i]) != simdjson::SUCCESS) return false;
    }
  }
  key_ =
      key_parts_.size() == 1 ? key_parts_[0] : key_fields_->join(key_parts_.data(), &key_buffer_);
  return true;
}

bool EventFields::lookup_failed(simdjson::error_code e, std::string* err) {
  // The message find_field gives, should the document be beyond reading again.
  if (e != simdjson::NO_SUCH_FIELD)
    *err = std::string("invalid JSON: ") + simdjson::error_message(e);
  return false;
}

bool EventFields::read_general(JsonDocument& doc, const EventWindows& windows, std::string* err) {
  time_read_ = false;
  if (time_.read(doc, &time_ns_, err) != FieldStatus::kOk) return false;
  time_read_ = true;
  if (!check_time(windows, err)) return false;
  if (!key_fields_->read(doc, &key_buffer_, &key_, err)) return false;
  return reader_->read(doc, err);
}

}  // namespace rivulet
