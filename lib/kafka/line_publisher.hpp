#pragma once
// kpub's per-line logic: validate an NDJSON line, take key, headers and timestamp from it (or
// from a ksub envelope) and hand one message to a MessageSink.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "json/json_validator.hpp"
#include "kafka/message_sink.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

struct PublishOptions {
  std::optional<FieldPath> key_field;                        // -k: the key is this field's value
  std::optional<std::string> fixed_key;                      // --key
  std::vector<std::pair<std::string, std::string>> headers;  // -H name=value
  std::vector<FieldPath> header_fields;      // --header-field: header named as the field
  std::optional<FieldPath> timestamp_field;  // --timestamp-field
  TimeUnitOrAuto timestamp_unit = TimeUnit::kMillis;
  // A line whose timestamp field is missing or unusable is published with the time of
  // publishing rather than rejected: kpub's default field (ts) is a convenience, not a demand.
  bool timestamp_optional = false;
  // Lines are ksub --envelope objects (key, headers, ts, payload); --key and -H still apply,
  // the field options do not.
  bool envelope = false;
};

// Splits "name=value" (-H). Returns false with *err without '=' or with an empty name.
bool parse_header_assignment(const std::string& text, std::pair<std::string, std::string>* out,
                             std::string* err);

class LinePublisher {
 public:
  // `sink` must outlive the publisher.
  LinePublisher(PublishOptions options, MessageSink* sink);

  // Publishes one input line. A line that is not valid JSON, lacks the key or timestamp
  // field, or (with envelope) is not an envelope is not published: returns false with *err.
  // `origin` is passed on to identify the line in delivery failures. Throws rivulet::Error
  // if the sink cannot go on.
  bool publish(std::string_view line, uint64_t origin, std::string* err);

 private:
  // Key and headers from the already parsed DOM (the common, fast case: one parse a line).
  bool take_dom_fields(simdjson::dom::element root, std::string* err);
  FieldStatus dom_field_bytes(simdjson::dom::element root, const FieldPath& path,
                              std::string_view* out, bool* is_null, std::string* err);
  // Key, headers and timestamp through on-demand parsing (EventTimeReader needs it).
  bool take_fields(std::string_view line, std::string* err);
  bool take_envelope(std::string_view line, std::string* err);
  // A field's value as message bytes: a string unescaped, null as *is_null, anything else as
  // its JSON text.
  FieldStatus field_bytes(JsonDocument& doc, const FieldPath& path, std::string_view* out,
                          bool* is_null, std::string* err);

  PublishOptions options_;
  MessageSink* sink_;
  bool needs_fields_;
  JsonLineParser parser_;
  JsonValidator validator_;  // validates every line; its DOM serves -k/--header-field
  simdjson::ondemand::parser unescape_parser_;
  // Unescaped strings of the current line; a deque, so views into it survive growth.
  std::deque<std::string> unescaped_;
  OutgoingMessage message_;
};

}  // namespace rivulet
