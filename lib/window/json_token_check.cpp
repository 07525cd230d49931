#include "window/json_token_check.hpp"

namespace rivulet {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// The body of a string literal between its quotes: escapes valid, no raw control characters
// or quotes. (UTF-8 was validated with the whole line.)
bool is_string_body(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"') return false;
    if (c != '\\') continue;
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
      case 'u':
        for (int k = 1; k <= 4; ++k) {
          if (i + k >= s.size() || !is_hex(s[i + k])) return false;
        }
        i += 4;
        break;
      default: return false;
    }
  }
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_number(std::string_view s) {
  size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    size_t start = ++i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

}  // namespace

bool is_json_scalar(std::string_view raw) {
  if (raw.empty()) return false;
  switch (raw[0]) {
    case '"':
      return raw.size() >= 2 && raw.back() == '"' && is_string_body(raw.substr(1, raw.size() - 2));
    case 't': return raw == "true";
    case 'f': return raw == "false";
    case 'n': return raw == "null";
    default: return is_number(raw);
  }
}

bool JsonTokenCheck::valid(std::string_view raw) {
  if (raw.empty()) return false;
  if (raw[0] != '{' && raw[0] != '[') return is_json_scalar(raw);
  simdjson::dom::element element;
  return parser_.parse(raw.data(), raw.size(), false).get(element) == simdjson::SUCCESS;
}

}  // namespace rivulet
