#include "kafka/message_formatter.hpp"

#include <cstring>

#include "io/line_reader.hpp"
#include "json/json_writer.hpp"

namespace rivulet {

bool MessageFormatter::is_json(std::string_view text, std::string* err) {
  if (padded_.size() < text.size() + kLinePadding) padded_.resize(text.size() + kLinePadding);
  std::memcpy(padded_.data(), text.data(), text.size());
  return validator_.valid(std::string_view(padded_.data(), text.size()), err);
}

bool MessageFormatter::append_value_line(const ConsumedMessage& message, std::string& out,
                                         std::string* err) {
  if (!message.value) {
    *err = "null value (a tombstone), not a JSON line";
    return false;
  }
  std::string_view value = *message.value;
  if (!value.empty() && value.back() == '\n') {
    value.remove_suffix(1);
    if (!value.empty() && value.back() == '\r') value.remove_suffix(1);
  }
  if (value.empty()) {
    *err = "empty value, not a JSON line";
    return false;
  }
  if (std::memchr(value.data(), '\n', value.size()) != nullptr) {
    *err = "value spans several lines";
    return false;
  }
  if (!is_json(value, err)) return false;
  out.append(value.data(), value.size());
  out += '\n';
  return true;
}

void MessageFormatter::append_envelope(const ConsumedMessage& message, std::string& out) {
  JsonObjectWriter w(out);
  w.key("topic").string(message.topic);
  w.key("partition").number(message.partition);
  w.key("offset").number(message.offset);
  if (!message.timestamp_type.empty()) {
    w.key("tstype").string(message.timestamp_type);
    w.key("ts").number(message.timestamp_ms);
  }
  w.key("broker").number(message.broker);
  if (message.has_headers) {
    w.key("headers");
    out += '[';
    bool first = true;
    for (const auto& [name, value] : message.headers) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, name);
      out += ',';
      if (value) {
        append_json_string(out, *value);
      } else {
        out += "null";
      }
    }
    out += ']';
  }
  w.key("key");
  if (message.key) {
    w.string(*message.key);
  } else {
    w.null();
  }
  w.key("payload");
  if (!message.value) {
    w.null();
  } else {
    std::string_view v = *message.value;
    std::string ignored;
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    // The 4 bytes "null" go as a string: embedded, they would read back as a null payload
    // (a tombstone), and kpub --envelope would publish a different message.
    bool embed = !v.empty() && v.front() != '"' && !blank(v.front()) && !blank(v.back()) &&
                 v != "null" && std::memchr(v.data(), '\n', v.size()) == nullptr &&
                 is_json(v, &ignored);
    if (embed) {
      w.raw(v);
    } else {
      w.string(v);
    }
  }
  w.close();
}

}  // namespace rivulet
