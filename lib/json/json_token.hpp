#pragma once
// The JSON text of single tokens, as simdjson's on-demand API hands it over (raw and
// unvalidated): whitespace and the number grammar. JsonValidator (json_validator.hpp)
// checks a whole token or text.

#include <cstddef>
#include <string>
#include <string_view>

namespace rivulet {

// JSON's four whitespace characters (RFC 8259), as a set for find_first_not_of.
inline constexpr std::string_view kJsonWhitespace = " \t\r\n";

inline bool is_json_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `text` without the JSON whitespace at its end (raw_json_token() keeps what follows a
// token up to the next one).
inline std::string_view trim_json_whitespace(std::string_view text) {
  while (!text.empty() && is_json_whitespace(text.back())) text.remove_suffix(1);
  return text;
}

// How many bytes of JSON whitespace `text` starts with.
inline size_t json_whitespace_prefix(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && is_json_whitespace(text[i])) ++i;
  return i;
}

// What scan_json_number found.
struct JsonNumberText {
  size_t length = 0;      // of the number, without trailing whitespace
  bool integer = true;    // no fraction and no exponent
  bool exponent = false;  // has an exponent (so may be out of a double's range)
};

// Whether `token` is exactly one JSON number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?,
// followed by nothing but JSON whitespace; describes it in *number (when given). Lets a
// number be copied as written, which is exact and faster than parsing and re-formatting it.
bool scan_json_number(std::string_view token, JsonNumberText* number = nullptr);

// Whether `raw` is one JSON string literal (quotes included, escapes valid, no raw control
// characters; UTF-8 is checked with the whole line), number, true, false or null, exactly.
bool is_json_scalar(std::string_view raw);

}  // namespace rivulet
