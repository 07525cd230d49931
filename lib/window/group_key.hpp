#pragma once
// The grouping key of an event: the raw JSON of its --by fields.

#include <string>
#include <string_view>
#include <vector>

#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "json/json_token.hpp"
#include "json/json_validator.hpp"

namespace rivulet {

// Builds an exact, typed key from the key fields' JSON text as written in the event,
// joined by '\n' (which cannot occur in a line, so the join is unambiguous): "cam-1" and
// 1 are different keys, and so are 1 and 1.0. A missing field counts as null, so events
// without it form their own group instead of being dropped.
class GroupKey {
 public:
  explicit GroupKey(std::vector<FieldPath> fields) : fields_(std::move(fields)) {}

  // Reads the key of `doc` into *key, which points into the line or into *buffer (whose
  // capacity is reused), valid until either changes. False with *err if a key field is
  // malformed JSON (checked, since the key is copied into results as it is).
  bool read(JsonDocument& doc, std::string* buffer, std::string_view* key, std::string* err);

  // Whether a key field's raw token, trimmed, is its own valid key text as it stands: a
  // string without escapes (the usual key, "cam-1"). Anything else read() validates.
  static bool is_plain_string(std::string_view token) {
    if (token.size() < 2 || token[0] != '"' || token.back() != '"') return false;
    // A loop, not memchr: keys are a few bytes, shorter than a call costs.
    for (char c : token) {
      if (c == '\\') return false;
    }
    return true;
  }
  // The key of one raw part per field, in field order: the part itself for one field, else
  // the parts joined in *buffer (as read() joins them).
  std::string_view join(const std::string_view* parts, std::string* buffer) const;

  // Appends the key fields of a key read() built to an open JSON object, each under its
  // field name as written on the command line.
  void write(std::string_view key, class JsonObjectWriter& out) const;

  const std::vector<FieldPath>& fields() const { return fields_; }

 private:
  // The raw JSON of field i, or "null" if missing. False with *err if malformed.
  bool read_field(JsonDocument& doc, size_t i, std::string_view* raw, std::string* err);

  std::vector<FieldPath> fields_;
  std::vector<std::string_view> parts_;  // read()'s, one per field
  JsonValidator check_;
};

}  // namespace rivulet
