#include "json/json_token.hpp"

namespace rivulet {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The body of a string literal between its quotes: escapes valid, no raw control characters
// or quotes.
bool is_string_body(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"') return false;
    if (c != '\\') continue;
    if (++i >= s.size()) return false;
    switch (s[i]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        break;
      case 'u':
        for (int k = 1; k <= 4; ++k) {
          if (i + k >= s.size() || !is_hex(s[i + k])) return false;
        }
        i += 4;
        break;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

bool scan_json_number(std::string_view token, JsonNumberText* number) {
  size_t i = 0, n = token.size();
  auto digits = [&] {
    size_t start = i;
    while (i < n && is_digit(token[i])) ++i;
    return i > start;
  };
  JsonNumberText found;
  if (i < n && token[i] == '-') ++i;
  if (i < n && token[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < n && token[i] == '.') {
    ++i;
    if (!digits()) return false;
    found.integer = false;
  }
  if (i < n && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < n && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return false;
    found.integer = false;
    found.exponent = true;
  }
  found.length = i;
  if (json_whitespace_prefix(token.substr(i)) != n - i) return false;
  if (number != nullptr) *number = found;
  return true;
}

bool is_json_scalar(std::string_view raw) {
  if (raw.empty()) return false;
  switch (raw[0]) {
    case '"':
      return raw.size() >= 2 && raw.back() == '"' && is_string_body(raw.substr(1, raw.size() - 2));
    case 't':
      return raw == "true";
    case 'f':
      return raw == "false";
    case 'n':
      return raw == "null";
    default: {
      JsonNumberText number;
      return scan_json_number(raw, &number) && number.length == raw.size();
    }
  }
}

}  // namespace rivulet
