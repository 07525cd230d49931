#include "kafka/line_publisher.hpp"

namespace rivulet {

bool parse_header_assignment(const std::string& text, std::pair<std::string, std::string>* out,
                             std::string* err) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    *err = "\"" + text + "\": expected NAME=VALUE";
    return false;
  }
  *out = {text.substr(0, eq), text.substr(eq + 1)};
  return true;
}

LinePublisher::LinePublisher(PublishOptions options, MessageSink* sink)
    : options_(std::move(options)), sink_(sink) {
  needs_fields_ = options_.key_field || !options_.header_fields.empty() || options_.timestamp_field;
}

FieldStatus LinePublisher::field_bytes(JsonDocument& doc, const FieldPath& path,
                                       std::string_view* out, bool* is_null, std::string* err) {
  FieldStatus s = get_raw_json(doc, path, out, err);
  *is_null = false;
  if (s != FieldStatus::kOk) return s;
  if (*out == "null") {
    *is_null = true;
    *out = {};
  } else if (!out->empty() && out->front() == '"') {
    if (out->find('\\') == std::string_view::npos) {
      *out = out->substr(1, out->size() - 2);
    } else {
      // Rare: an escaped string. Unescape it with a parser of its own, so the document being
      // read is not disturbed, and keep the text until the line is published.
      simdjson::padded_string token(*out);
      std::string_view text;
      if (unescape_parser_.iterate(token).get_string().get(text) != simdjson::SUCCESS) {
        *err = "field \"" + path.text() + "\" is not a valid string";
        return FieldStatus::kInvalid;
      }
      unescaped_.emplace_back(text);
      *out = unescaped_.back();
    }
  }
  return FieldStatus::kOk;
}

FieldStatus LinePublisher::dom_field_bytes(simdjson::dom::element root, const FieldPath& path,
                                           std::string_view* out, bool* is_null, std::string* err) {
  const auto& parts = path.parts();
  simdjson::dom::element value = root;
  for (size_t i = 0; i < parts.size(); ++i) {
    simdjson::dom::object object;
    if (value.get_object().get(object) != simdjson::SUCCESS) {
      *err = "missing field \"" + path.text() + "\"" +
             (i == 0 ? std::string(" (the line is not an object)")
                     : " (\"" + parts[i - 1] + "\" is not an object)");
      return FieldStatus::kMissing;
    }
    if (object.at_key(parts[i]).get(value) != simdjson::SUCCESS) {
      *err = "missing field \"" + path.text() + "\"";
      return FieldStatus::kMissing;
    }
  }
  *is_null = value.is_null();
  if (*is_null) {
    *out = {};
  } else if (value.get_string().get(*out) != simdjson::SUCCESS) {
    unescaped_.push_back(simdjson::minify(value));
    *out = unescaped_.back();
  }
  return FieldStatus::kOk;
}

bool LinePublisher::take_dom_fields(simdjson::dom::element root, std::string* err) {
  bool is_null = false;
  if (options_.key_field) {
    std::string_view key;
    if (dom_field_bytes(root, *options_.key_field, &key, &is_null, err) != FieldStatus::kOk) {
      return false;
    }
    message_.key = key;
    message_.has_key = !is_null;
  }
  for (const auto& field : options_.header_fields) {
    std::string_view value;
    if (dom_field_bytes(root, field, &value, &is_null, err) == FieldStatus::kOk) {
      message_.headers.push_back({field.text(), value, is_null});
    }
  }
  return true;
}

bool LinePublisher::take_fields(std::string_view line, std::string* err) {
  JsonDocument doc;
  if (!parser_.parse(line, &doc, err)) return false;
  bool is_null = false;
  if (options_.key_field) {
    std::string_view key;
    if (field_bytes(doc, *options_.key_field, &key, &is_null, err) != FieldStatus::kOk) {
      return false;
    }
    message_.key = key;
    message_.has_key = !is_null;
  }
  for (const auto& field : options_.header_fields) {
    std::string_view value;
    FieldStatus s = field_bytes(doc, field, &value, &is_null, err);
    if (s == FieldStatus::kMissing) continue;  // a header is optional; a key is not
    if (s != FieldStatus::kOk) return false;
    message_.headers.push_back({field.text(), value, is_null});
  }
  if (options_.timestamp_field) {
    EventTimeReader reader(*options_.timestamp_field, options_.timestamp_unit);
    int64_t ns = 0;
    std::string why;
    if (reader.read(doc, &ns, &why) != FieldStatus::kOk) {
      if (options_.timestamp_optional) return true;
      *err = why;
      return false;
    }
    message_.timestamp_ms = ns / 1000000;
    if (message_.timestamp_ms <= 0) {
      message_.timestamp_ms = 0;
      if (options_.timestamp_optional) return true;
      *err = "field \"" + options_.timestamp_field->text() +
             "\" is before 1970, which Kafka cannot store";
      return false;
    }
  }
  return true;
}

bool LinePublisher::take_envelope(std::string_view line, std::string* err) {
  static const FieldPath kPayload("payload"), kKey("key"), kTs("ts");
  JsonDocument doc;
  if (!parser_.parse(line, &doc, err)) return false;
  std::string_view payload;
  FieldStatus s = field_bytes(doc, kPayload, &payload, &message_.null_value, err);
  if (s != FieldStatus::kOk) return false;
  message_.value = payload;
  std::string_view key;
  bool key_null = false;
  s = field_bytes(doc, kKey, &key, &key_null, err);
  if (s == FieldStatus::kOk && !key_null) {
    message_.key = key;
    message_.has_key = true;
  } else if (s != FieldStatus::kOk && s != FieldStatus::kMissing) {
    return false;
  }
  int64_t ts = 0;
  s = get_int64(doc, kTs, &ts, err);
  if (s == FieldStatus::kOk) {
    message_.timestamp_ms = ts;
  } else if (s != FieldStatus::kMissing) {
    return false;
  }
  JsonValue headers;
  std::string ignored;
  if (find_field(doc, FieldPath("headers"), &headers, &ignored) == FieldStatus::kOk) {
    simdjson::ondemand::array array;
    if (headers.get_array().get(array) != simdjson::SUCCESS) {
      *err = "field \"headers\" is not an array of names and values";
      return false;
    }
    bool expect_name = true;
    for (auto item : array) {
      JsonValue v;
      if (item.get(v) != simdjson::SUCCESS) {
        *err = "field \"headers\" is not valid JSON";
        return false;
      }
      std::string_view text;
      bool is_null = v.is_null();
      if (!is_null && v.get_string().get(text) != simdjson::SUCCESS) {
        *err = "field \"headers\" holds something other than strings and nulls";
        return false;
      }
      if (expect_name) {
        if (is_null) {
          *err = "field \"headers\" has a null header name";
          return false;
        }
        message_.headers.push_back({std::string(text), {}, false});
      } else {
        message_.headers.back().value = text;
        message_.headers.back().null_value = is_null;
      }
      expect_name = !expect_name;
    }
    if (!expect_name) {
      *err = "field \"headers\" has a name without a value";
      return false;
    }
  }
  return true;
}

bool LinePublisher::publish(std::string_view line, uint64_t origin, std::string* err) {
  if (!validator_.valid(line, err)) return false;
  const simdjson::dom::element* root = validator_.dom();
  message_.value = line;
  message_.null_value = false;
  message_.key = {};
  message_.has_key = false;
  message_.headers.clear();
  message_.timestamp_ms = 0;
  message_.origin = origin;
  if (!unescaped_.empty()) unescaped_.clear();  // rare; clear() on a deque is not free
  if (options_.envelope) {
    if (!take_envelope(line, err)) return false;
  } else if (options_.timestamp_field || (needs_fields_ && root == nullptr)) {
    // On demand: the time reader needs it, or a number too wide for the DOM is in the line.
    if (!take_fields(line, err)) return false;
  } else if (needs_fields_ && !take_dom_fields(*root, err)) {
    return false;
  }
  if (options_.fixed_key) {
    message_.key = *options_.fixed_key;
    message_.has_key = true;
  }
  for (const auto& [name, value] : options_.headers) {
    message_.headers.push_back({name, value, false});
  }
  return sink_->produce(message_, err);
}

}  // namespace rivulet
