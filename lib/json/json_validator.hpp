#pragma once
// The one JSON validator. On-demand parsing validates only what it converts, so the raw
// text of a value it skipped or copied (get_raw_json) can be malformed (`tru`, `1.2.3`,
// "\q", an object holding them); tools that copy such text into their output (grouping
// keys, kpub's and ksub's messages) or compare it (distinct values) check it here first.
// Integers wider than 64 bits pass: simdjson's DOM refuses them (NUMBER_ERROR), yet they
// are valid JSON and tools carry their bytes as they are.

#include <simdjson.h>

#include <string>
#include <string_view>

namespace rivulet {

class JsonValidator {
 public:
  // True if `text` is one complete JSON value. Scalars are accepted by hand (fast);
  // anything else is judged by a full parse, which reads up to SIMDJSON_PADDING bytes past
  // text's end (as lines from LineReader allow). On false, *err (if given) says why:
  // "invalid JSON: ...".
  bool valid(std::string_view text, std::string* err = nullptr);

  // The DOM of the last valid object or array, or nullptr when it was a scalar or held a
  // number the DOM cannot hold (then only on-demand access sees its fields).
  const simdjson::dom::element* dom() const { return has_dom_ ? &root_ : nullptr; }

 private:
  // The slow path, only after the DOM refused a number: every value visited on demand,
  // numbers checked against the JSON grammar whatever their length.
  bool valid_on_demand(std::string_view text);

  simdjson::dom::parser dom_parser_;
  simdjson::ondemand::parser ondemand_parser_;
  simdjson::dom::element root_;
  bool has_dom_ = false;
};

}  // namespace rivulet
