#pragma once
// Checks JSON text that simdjson's on-demand API handed over without validating it.

#include <simdjson.h>

#include <string_view>

namespace rivulet {

// On-demand parsing only validates what it converts: the raw text of a value it skipped or
// copied (get_raw_json) can be malformed, e.g. `tru` or `1.2.3` or "\q". Tools that copy such
// text into their output (grouping keys) or compare it (distinct values) check it here first.
class JsonTokenCheck {
 public:
  // True if `raw` is one complete, valid JSON value. Scalars are checked by hand (fast);
  // objects and arrays by a full parse, which reads up to 64 bytes past raw's end (as lines
  // from LineReader allow).
  bool valid(std::string_view raw);

 private:
  simdjson::dom::parser parser_;
};

// The scalar checks on their own: a JSON string literal (quotes included), number, true,
// false or null.
bool is_json_scalar(std::string_view raw);

}  // namespace rivulet
