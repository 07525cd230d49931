#include "json/json_writer.hpp"

#include <simdjson.h>

#include <charconv>
#include <cmath>

namespace rivulet {

namespace {

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlongs, no
// surrogates, nothing past U+10FFFF), or 0 if the bytes there are not one.
size_t utf8_sequence_length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) -> unsigned {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  auto cont = [&](size_t k) { return (byte(k) & 0xC0) == 0x80; };
  unsigned c = byte(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return byte(1) >= lo && byte(1) <= hi && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return byte(1) >= lo && byte(1) <= hi && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

void append_escaped_byte(std::string& out, unsigned char c) {
  static const char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  if (simdjson::validate_utf8(text.data(), text.size())) {
    size_t run = 0;  // start of the current stretch of bytes that need no escaping
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out.append(text.data() + run, i - run);
      run = i + 1;
      append_escaped_byte(out, c);
    }
    out.append(text.data() + run, text.size() - run);
  } else {
    // JSON text is UTF-8: a byte that is not part of a well-formed sequence (binary Kafka
    // keys, Latin-1 text) becomes U+FFFD, as jq does, so the line stays valid JSON.
    for (size_t i = 0; i < text.size();) {
      size_t n = utf8_sequence_length(text, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (n == 1 && (c < 0x20 || c == '"' || c == '\\')) {
        append_escaped_byte(out, c);
      } else {
        out.append(text.data() + i, n);
      }
      i += n;
    }
  }
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
