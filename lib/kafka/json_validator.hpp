#pragma once
// Validation of one JSON text for kpub and ksub that lets integers wider than 64 bits through.
// simdjson's DOM parse refuses them (NUMBER_ERROR), yet they are valid JSON and a message
// carries its bytes as they are: the raw token goes through untouched.

#include <simdjson.h>

#include <string>
#include <string_view>

namespace rivulet {

class JsonValidator {
 public:
  // True if `text` is one JSON text. Reads up to SIMDJSON_PADDING bytes past its end (as
  // lines from LineReader allow). False with *err ("invalid JSON: ...") otherwise.
  bool valid(std::string_view text, std::string* err);

  // The DOM of the last valid text, or nullptr when it held a number the DOM cannot hold
  // (then only on-demand access sees its fields).
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
