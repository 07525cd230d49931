#include "influx/line_protocol.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

std::string quoted(std::string_view text) {
  std::string q;
  append_json_string(q, text);
  return q;
}

// Shared checks and escaping for the name-like tokens: `escape_equals` adds "=" to the
// always-escaped "," and " "; `what` names the token in messages. One pass, no lookups:
// this runs for every key and tag of every point.
//
// Measurements and field keys are unescaped by influxd differently from tags: there a
// backslash right before an escaped character cannot be written, so `strict_backslash`
// refuses it instead of writing a different name.
bool append_escaped(std::string& out, std::string_view text, bool escape_equals,
                    bool strict_backslash, const char* what, std::string* err) {
  if (text.empty()) {
    *err = std::string("empty ") + what;
    return false;
  }
  if (text.back() == '\\') {
    *err = std::string(what) + " " + quoted(text) +
           " ends with a backslash, which line protocol cannot represent";
    return false;
  }
  // Fast path: most names need no escaping; one table lookup a byte finds out.
  static const auto kNeedsLook = [] {
    std::array<bool, 256> t{};
    t[','] = t[' '] = t['='] = t['\n'] = true;
    return t;
  }();
  size_t first = 0;
  while (first < text.size() && !kNeedsLook[static_cast<unsigned char>(text[first])]) ++first;
  if (first == text.size()) {
    out.append(text.data(), text.size());
    return true;
  }
  size_t mark = out.size();
  size_t start = 0;
  for (size_t i = first; i < text.size(); ++i) {
    char c = text[i];
    if (c == ',' || c == ' ' || (c == '=' && escape_equals)) {
      if (strict_backslash && i > 0 && text[i - 1] == '\\') {
        out.resize(mark);
        *err = std::string(what) + " " + quoted(text) + " has a backslash before \"" + c +
               "\", which line protocol cannot represent";
        return false;
      }
      out.append(text.data() + start, i - start);
      out += '\\';
      start = i;
    } else if (c == '\n') {
      out.resize(mark);
      *err = std::string(what) + " " + quoted(text) + " contains a newline";
      return false;
    }
  }
  out.append(text.data() + start, text.size() - start);
  return true;
}

}  // namespace

bool append_measurement(std::string& out, std::string_view name, std::string* err) {
  if (!name.empty() && name.front() == '#') {
    *err = "measurement " + quoted(name) + " starts with \"#\", which influxd reads as a comment";
    return false;
  }
  return append_escaped(out, name, false, true, "measurement", err);
}

bool append_tag_key(std::string& out, std::string_view key, std::string* err) {
  if (key == "time") {
    *err = "\"time\" cannot be a tag key (influxd rejects it)";
    return false;
  }
  return append_escaped(out, key, true, false, "tag key", err);
}

bool append_tag_value(std::string& out, std::string_view key, std::string_view value,
                      std::string* err) {
  if (value.empty()) {
    *err = "tag " + quoted(key) + " has an empty value";
    return false;
  }
  if (!append_escaped(out, value, true, false, "tag value", err)) {
    *err = "tag " + quoted(key) + ": " + *err;
    return false;
  }
  return true;
}

bool append_field_key(std::string& out, std::string_view key, std::string* err) {
  if (key == "time") {
    *err = "\"time\" cannot be a field key (influxd drops it)";
    return false;
  }
  return append_escaped(out, key, true, true, "field key", err);
}

bool append_float_value(std::string& out, std::string_view key, double value, std::string* err) {
  if (!std::isfinite(value)) {
    *err = "field " + quoted(key) + " is not a finite number";
    return false;
  }
  append_json_number(out, value);
  return true;
}

void append_integer_value(std::string& out, int64_t value) {
  append_json_number(out, value);
  out += 'i';
}

void append_bool_value(std::string& out, bool value) { out += value ? "true" : "false"; }

bool append_string_value(std::string& out, std::string_view key, std::string_view value,
                         std::string* err) {
  if (value.find('\n') != std::string_view::npos) {
    *err = "string field " + quoted(key) + " contains a newline";
    return false;
  }
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '"' || value[i] == '\\') {
      out.append(value.data() + start, i - start);
      out += '\\';
      start = i;
    }
  }
  out.append(value.data() + start, value.size() - start);
  out += '"';
  return true;
}

bool append_timestamp(std::string& out, int64_t ns, TimeUnit precision, std::string* err) {
  int64_t unit = time_unit_ns(precision);
  if (ns % unit != 0) {
    *err = "time " + std::to_string(ns) + "ns is not a whole number of " +
           time_unit_name(precision) + " (use a finer --precision)";
    return false;
  }
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, ns / unit);
  out += ' ';
  out.append(buf, r.ptr);
  return true;
}

}  // namespace rivulet
