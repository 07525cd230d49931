#pragma once
// Builds compact JSON objects by appending to a std::string (an OutputWriter's buffer).

#include <cstdint>
#include <string>
#include <string_view>

namespace rivulet {

// Appends `text` as a JSON string literal, quotes included. Escapes '"', '\\' and control
// characters; well-formed UTF-8 passes through unchanged, and each byte that is not part of
// a well-formed UTF-8 sequence is written as \ufffd, so the result is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

// Appends the shortest decimal text that reads back as exactly `value`, with a decimal point
// even when the value is whole (2.0 -> "2.0"), so a float stays a float for readers that
// type numbers by their text. NaN and infinities have no JSON form and are written as null.
void append_json_number(std::string& out, double value);
void append_json_number(std::string& out, int64_t value);
void append_json_number(std::string& out, uint64_t value);

// Writes one object: {"k":v,...}. Usage:
//   JsonObjectWriter w(out); w.key("ts").number(t); w.key("stream").string(s); w.close();
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }

  JsonObjectWriter& key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    append_json_string(out_, name);
    out_ += ':';
    return *this;
  }
  JsonObjectWriter& string(std::string_view v) {
    append_json_string(out_, v);
    return *this;
  }
  JsonObjectWriter& number(double v) {
    append_json_number(out_, v);
    return *this;
  }
  JsonObjectWriter& number(int64_t v) {
    append_json_number(out_, v);
    return *this;
  }
  JsonObjectWriter& number(uint64_t v) {
    append_json_number(out_, v);
    return *this;
  }
  JsonObjectWriter& number(int v) {
    append_json_number(out_, static_cast<int64_t>(v));
    return *this;
  }
  JsonObjectWriter& boolean(bool v) {
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonObjectWriter& null() {
    out_ += "null";
    return *this;
  }
  // Appends already-valid JSON text as the value (e.g. a raw token copied from input).
  JsonObjectWriter& raw(std::string_view json) {
    out_.append(json.data(), json.size());
    return *this;
  }
  // Closes the object; with `newline`, ends the NDJSON line too.
  void close(bool newline = true) {
    out_ += '}';
    if (newline) out_ += '\n';
  }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace rivulet
