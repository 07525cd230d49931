#include "json/json_writer.hpp"

#include <charconv>
#include <cmath>

namespace rivulet {

void append_json_string(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the current stretch of bytes that need no escaping
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buf[64];
  // std::to_chars without a format gives the shortest text that round-trips.
  char* end = std::to_chars(buf, buf + sizeof buf - 2, value).ptr;
  // Keep a whole double recognisably a float ("14195.0", not "14195"): readers that type by
  // the text, like InfluxDB's line protocol, would otherwise see an integer in one line and
  // a float in the next, and reject the field as a type conflict.
  bool has_point = false;
  for (char* p = buf; p < end; ++p) has_point |= (*p == '.' || *p == 'e');
  if (!has_point) {
    *end++ = '.';
    *end++ = '0';
  }
  out.append(buf, end);
}

void append_json_number(std::string& out, int64_t value) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

void append_json_number(std::string& out, uint64_t value) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

}  // namespace rivulet
