#include "influx/point_encoder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "error.hpp"
#include "influx/line_protocol.hpp"
#include "json/json_token.hpp"

namespace rivulet {

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::number_type;

std::string invalid_json(simdjson::error_code e) {
  return std::string("invalid JSON: ") + simdjson::error_message(e);
}

std::string_view trimmed_token(JsonValue& value) {
  return trim_json_whitespace(value.raw_json_token());
}

// Calls add(member_value, "key_member") for each member of the object `value`: how named
// objects are flattened.
template <typename Add>
bool flatten(JsonValue& value, std::string_view key, std::string* err, Add add) {
  simdjson::ondemand::object inner;
  if (auto e = value.get_object().get(inner); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  std::vector<std::string> seen;  // a repeated member key: the first wins
  for (auto field : inner) {
    std::string_view sub;
    JsonValue v;
    if (field.unescaped_key().get(sub) != simdjson::SUCCESS ||
        field.value().get(v) != simdjson::SUCCESS) {
      *err = "invalid JSON in \"" + std::string(key) + "\"";
      return false;
    }
    if (std::find(seen.begin(), seen.end(), sub) != seen.end()) continue;
    seen.emplace_back(sub);
    if (!add(v, std::string(key) + "_" + std::string(sub))) return false;
  }
  return true;
}

// ksub's envelope ("rivulet.source") and checkpoint markers ("rivulet.checkpoint"): about
// the delivery, not the events.
// The order tags are written in (influxd's): by key, a literal "a.b" before a nested a.b.
template <typename Tag>
bool before(const Tag& a, const Tag& b) {
  return a.key != b.key ? a.key < b.key : a.literal > b.literal;
}

bool is_rivulet_key(std::string_view key) { return key.compare(0, 8, "rivulet.") == 0; }

// Whether a double holds the integer `digits` (an optional "-", then digits) exactly:
// 2^53 and 2^64 do, 2^53 + 1 does not. Within 64 bits the conversion back says it; beyond,
// printing the double's exact value does.
bool exact_in_double(std::string_view digits) {
  std::string_view magnitude = digits.substr(!digits.empty() && digits[0] == '-' ? 1 : 0);
  uint64_t u;
  auto r = std::from_chars(magnitude.data(), magnitude.data() + magnitude.size(), u);
  if (r.ec == std::errc() && r.ptr == magnitude.data() + magnitude.size()) {
    double d = static_cast<double>(u);  // rounds to nearest, as reading the text does
    return d < 18446744073709551616.0 && static_cast<uint64_t>(d) == u;
  }
  std::string text(magnitude);
  return fmt::format("{:.0f}", std::strtod(text.c_str(), nullptr)) == text;
}

}  // namespace

PointEncoder::PointEncoder(PointMapping mapping) : mapping_(std::move(mapping)) {
  if (mapping_.measurement.empty() == mapping_.measurement_field.empty()) {
    throw UsageError("give exactly one of --measurement and --measurement-field");
  }
  default_fields_ = mapping_.fields.empty();
  add_path(mapping_.time_field, Role::kTime);
  if (!mapping_.measurement_field.empty()) add_path(mapping_.measurement_field, Role::kMeasurement);
  for (const auto& t : mapping_.tags) add_path(t, Role::kTag);
  for (const auto& f : mapping_.fields) add_path(f, Role::kField);
}

void PointEncoder::add_path(const FieldPath& path, Role role) {
  if (path.empty()) throw UsageError("empty field name");
  if (is_rivulet_key(path.literal())) {
    throw UsageError("field \"" + path.text() +
                     "\" is rivulet's own metadata (ksub's envelope or a checkpoint marker) "
                     "and is never written to InfluxDB");
  }
  std::vector<Node>* level = &roots_;
  const auto& parts = path.parts();
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = std::find_if(level->begin(), level->end(),
                           [&](const Node& n) { return n.name == parts[i]; });
    if (it == level->end()) {
      level->push_back(Node{parts[i], Role::kNone, {}, {}});
      it = level->end() - 1;
    }
    bool last = i + 1 == parts.size();
    if ((last && (it->role != Role::kNone || !it->children.empty())) ||
        (!last && it->role != Role::kNone)) {
      throw UsageError("field \"" + path.text() + "\" is named twice (as time, tag, field or " +
                       "measurement, or inside another named field)");
    }
    if (last) it->role = role;
    level = &it->children;
  }
  if (parts.size() > 1) {
    std::string key;
    for (const std::string& part : parts) key += (key.empty() ? "" : "_") + part;
    roots_.push_back(Node{path.literal(), role, {}, key});
  }
}

bool PointEncoder::encode(JsonDocument& doc, std::string* out, int64_t* ts_ns, std::string* err) {
  tags_.clear();
  fields_.clear();
  prefix_.clear();
  measurement_ = mapping_.measurement;
  have_time_ = false;
  field_count_ = 0;
  key_ordinal_ = 0;
  overflow_keys_.clear();
  top_keys_.start();

  simdjson::ondemand::object object;
  if (auto e = doc.get_object().get(object); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  if (!walk(object, roots_, true, prefix_, err)) return false;

  if (measurement_.empty()) {
    *err = "missing field \"" + mapping_.measurement_field.text() + "\" (the measurement)";
    return false;
  }
  if (!have_time_) {
    *err = "missing field \"" + mapping_.time_field.text() + "\" (the time)";
    return false;
  }
  if (field_count_ == 0) {
    *err = default_fields_ ? "no number or bool fields to write (name fields with --field)"
                           : "none of the --field fields is present";
    return false;
  }

  size_t mark = out->size();
  auto fail = [&] {
    out->resize(mark);
    return false;
  };
  if (!append_measurement(*out, measurement_, err)) return fail();
  // A literal "a.b" key and a nested a.b give the same tag key; the literal one wins, else
  // the first. An insertion sort: stable, no allocation, and points have few tags.
  for (size_t i = 1; i < tags_.size(); ++i) {
    for (size_t j = i; j > 0 && before(tags_[j], tags_[j - 1]); --j) {
      std::swap(tags_[j], tags_[j - 1]);
    }
  }
  tags_.erase(std::unique(tags_.begin(), tags_.end(),
                          [](const Tag& a, const Tag& b) { return a.key == b.key; }),
              tags_.end());
  for (const auto& tag : tags_) {
    *out += ',';
    if (!append_tag_key(*out, tag.key, err)) return fail();
    *out += '=';
    if (!append_tag_value(*out, tag.key, tag.value, err)) return fail();
  }
  *out += ' ';
  out->append(fields_.view().data(), fields_.size());
  *ts_ns = ts_ns_;
  return true;
}

bool PointEncoder::walk(simdjson::ondemand::object object, const std::vector<Node>& nodes, bool top,
                        std::string& prefix, std::string* err) {
  uint64_t seen_nodes = 0;  // below the top: the named members met (a repeat is skipped)
  for (auto result : object) {
    simdjson::ondemand::field field;
    if (auto e = std::move(result).get(field); e != simdjson::SUCCESS) {
      *err = invalid_json(e);
      return false;
    }
    // Keys without escapes (nearly all) are used in place, without unescaping them into
    // the parser's string buffer. Stage 1 has found the closing quote, so the scan ends.
    const char* raw = field.key().raw();
    size_t n = 0;
    while (raw[n] != '"' && raw[n] != '\\') ++n;
    std::string_view key(raw, n);
    if (raw[n] == '\\') {
      if (auto e = field.unescaped_key().get(key); e != simdjson::SUCCESS) {
        *err = invalid_json(e);
        return false;
      }
    }
    auto find_node = [&nodes](std::string_view k) -> const Node* {
      for (const auto& candidate : nodes) {
        // Sizes and first bytes differ for nearly every key: compare those before memcmp.
        const std::string& name = candidate.name;
        if (name.size() == k.size() && (k.empty() || name[0] == k[0]) && name == k) {
          return &candidate;
        }
      }
      return nullptr;
    };
    const Node* node;
    if (top) {
      const auto& entry = top_keys_.next(key, find_node);
      if (!entry.first) continue;
      node = entry.value;
    } else {
      node = find_node(key);
    }
    JsonValue& value = field.value();
    if (node == nullptr) {
      if (top && !add_unnamed(value, key, err)) return false;
      continue;
    }
    if (!top) {
      size_t index = static_cast<size_t>(node - nodes.data());
      uint64_t bit = index < 64 ? uint64_t{1} << index : 0;
      if ((seen_nodes & bit) != 0) continue;
      seen_nodes |= bit;
    }
    size_t mark = prefix.size();
    if (!top) prefix += '_';
    bool literal = !node->literal_key.empty();
    prefix += literal ? std::string_view(node->literal_key) : key;
    bool ok;
    if (node->role != Role::kNone) {
      ok = take(node->role, value, prefix, literal, err);
    } else {
      simdjson::ondemand::object inner;
      // A named path through a non-object is simply absent here.
      ok = value.get_object().get(inner) != simdjson::SUCCESS ||
           walk(inner, node->children, false, prefix, err);
    }
    prefix.resize(mark);
    if (!ok) return false;
  }
  return true;
}

bool PointEncoder::take(Role role, JsonValue& value, const std::string& key, bool literal,
                        std::string* err) {
  switch (role) {
    case Role::kTime:
      return read_time(value, err);
    case Role::kTag:
      return add_tag(value, key, err, literal);
    case Role::kField:
      return add_field(value, key, true, err);
    case Role::kMeasurement: {
      if (!measurement_.empty()) return true;  // named twice (literal "a.b" and nested a.b)
      std::string_view name;
      if (value.get_string().get(name) != simdjson::SUCCESS) {
        *err =
            "field \"" + mapping_.measurement_field.text() + "\" (the measurement) is not a string";
        return false;
      }
      measurement_ = name;
      return true;
    }
    case Role::kNone:
      break;
  }
  return true;
}

bool PointEncoder::add_tag(JsonValue& value, const std::string& key, std::string* err,
                           bool literal) {
  json_type type;
  if (auto e = value.type().get(type); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  switch (type) {
    case json_type::null:
      return true;  // an absent tag, as influxd stores it
    case json_type::string: {
      std::string_view s;
      if (auto e = value.get_string().get(s); e != simdjson::SUCCESS) {
        *err = invalid_json(e);
        return false;
      }
      tags_.push_back(Tag{key, s, literal});
      return true;
    }
    case json_type::number: {
      // On-demand parsing has not checked the token: only a JSON number is written as is.
      std::string_view token = trimmed_token(value);
      JsonNumberText number;
      if (!scan_json_number(token, &number)) {
        *err = "tag \"" + key + "\" is " + std::string(token) + ", not a number";
        return false;
      }
      tags_.push_back(Tag{key, token, literal});
      return true;
    }
    case json_type::boolean: {
      bool b;
      if (value.get_bool().get(b) != simdjson::SUCCESS) {
        *err = "tag \"" + key + "\" is " + std::string(trimmed_token(value)) + ", not a bool";
        return false;
      }
      tags_.push_back(Tag{key, b ? "true" : "false", literal});
      return true;
    }
    case json_type::object:
      return flatten(value, key, err,
                     [&](JsonValue& v, const std::string& k) { return add_tag(v, k, err); });
    case json_type::array:
      break;
  }
  *err = "tag \"" + key + "\" is an array (line protocol has no arrays)";
  return false;
}

bool PointEncoder::add_field(JsonValue& value, std::string_view key, bool named, std::string* err) {
  json_type type;
  if (auto e = value.type().get(type); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  size_t mark = fields_.size();
  const KeyEntry* entry = nullptr;
  auto start = [&]() -> bool {
    entry = key_entry(key, err);
    if (entry == nullptr) return false;
    if (entry->repeated) return true;
    // The cached text starts with the separating comma; the first field skips it.
    // Its capacity covers the over-read (see key_entry).
    size_t skip = field_count_ == 0 ? 1 : 0;
    fields_.append_overread(entry->prefix.data() + skip, entry->prefix.size() - skip);
    return true;
  };
  auto fail = [&] {
    fields_.truncate(mark);
    return false;
  };
  switch (type) {
    case json_type::null:
      return true;
    case json_type::boolean: {
      bool b;
      if (auto e = value.get_bool().get(b); e != simdjson::SUCCESS) {
        *err = invalid_json(e);
        return false;
      }
      if (!start()) return fail();
      if (entry->repeated) return true;
      fields_.append(b ? std::string_view("true") : std::string_view("false"));
      break;
    }
    case json_type::number:
      if (!start()) return fail();
      if (entry->repeated) return true;
      if (!add_number(value, key, *entry, err)) return fail();
      break;
    case json_type::string: {
      if (!named) return true;
      std::string_view s;
      if (auto e = value.get_string().get(s); e != simdjson::SUCCESS) {
        *err = invalid_json(e);
        return false;
      }
      scratch_.clear();
      if (!start()) return fail();
      if (entry->repeated) return true;
      if (!append_string_value(scratch_, key, s, err)) return fail();
      fields_.append(scratch_);
      break;
    }
    case json_type::object:
      if (!named) return true;  // only named objects are flattened
      return flatten(value, key, err, [&](JsonValue& v, const std::string& k) {
        return add_field(v, k, true, err);
      });
    case json_type::array:
      if (!named) return true;
      *err = "field \"" + std::string(key) + "\" is an array (line protocol has no arrays)";
      return false;
  }
  ++field_count_;
  return true;
}

bool PointEncoder::add_unnamed(JsonValue& value, std::string_view key, std::string* err) {
  json_type type;
  if (auto e = value.type().get(type); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  if (is_rivulet_key(key)) return true;
  if (type != json_type::string) return !default_fields_ || add_field(value, key, false, err);
  if (mapping_.strings_as_tags) return add_tag(value, std::string(key), err);
  if (std::find(unwritten_strings_.begin(), unwritten_strings_.end(), key) ==
          unwritten_strings_.end() &&
      unwritten_strings_.size() < kMaxCachedKeys) {
    unwritten_strings_.emplace_back(key);
  }
  return true;
}

bool PointEncoder::add_number(JsonValue& value, std::string_view key, const KeyEntry& entry,
                              std::string* err) {
  // Most numbers are copied as written: exact, and no parse-and-format round trip. Parsed
  // are only those that could be out of range and anything not a plain JSON number.
  std::string_view token = value.raw_json_token();
  JsonNumberText number;
  bool plain = scan_json_number(token, &number);
  if (!entry.is_integer) {
    if (plain && number.integer && number.length > 15) {
      note_if_imprecise(key, token.substr(0, number.length));
    }
    if (plain && number.length <= 300 && !number.exponent) {
      fields_.append_overread(token.data(), number.length);  // the line is padded
      return true;
    }
    double d;
    if (auto e = value.get_double().get(d); e != simdjson::SUCCESS) {
      *err = "field \"" + std::string(key) + "\" is " + std::string(trimmed_token(value)) +
             (plain && e == simdjson::NUMBER_ERROR
                  ? ", outside the numbers InfluxDB stores (finite doubles)"
                  : ", not a number");
      return false;
    }
    scratch_.clear();
    if (!append_float_value(scratch_, key, d, err)) return false;
    fields_.append(scratch_);
    return true;
  }
  if (plain && number.integer && number.length <= 18) {
    fields_.append_overread(token.data(), number.length);
    fields_.push_back('i');
    return true;
  }
  int64_t i;
  double d;
  if (value.get_int64().get(i) != simdjson::SUCCESS) {
    // A whole float (16278.0, 1.6278e4) is the integer it equals; 2^63 itself is out.
    if (value.get_double().get(d) != simdjson::SUCCESS || d != std::floor(d) ||
        d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
      *err = "field \"" + std::string(key) + "\" is " + std::string(trimmed_token(value)) +
             ", not a 64-bit integer (the field is stored as an integer)";
      return false;
    }
    i = static_cast<int64_t>(d);
  }
  scratch_.clear();
  append_integer_value(scratch_, i);
  fields_.append(scratch_);
  return true;
}

void PointEncoder::note_if_imprecise(std::string_view key, std::string_view digits) {
  if (imprecise_.size() >= kMaxCachedKeys || exact_in_double(digits)) return;
  std::string text(digits);
  for (const ImpreciseInteger& i : imprecise_) {
    if (i.key == key) return;
  }
  imprecise_.push_back(ImpreciseInteger{std::string(key), text});
}

bool PointEncoder::is_integer_key(std::string_view key) const {
  return std::find(mapping_.integer_keys.begin(), mapping_.integer_keys.end(), key) !=
         mapping_.integer_keys.end();
}

const PointEncoder::KeyEntry* PointEncoder::key_entry(std::string_view key, std::string* err) {
  size_t j = key_ordinal_++;
  // While the object has the cached keys so far, each entry knows whether it repeats one.
  if (j < key_cache_.size() && key_cache_[j].raw == key) return &key_cache_[j];
  bool repeated =
      std::find(overflow_keys_.begin(), overflow_keys_.end(), key) != overflow_keys_.end();
  for (size_t i = 0; i < j && i < key_cache_.size() && !repeated; ++i) {
    repeated = key_cache_[i].raw == key;
  }
  KeyEntry e{std::string(key), ",", is_integer_key(key), repeated};
  e.prefix.reserve(TextBuffer::kOverRead + key.size() * 2 + 2);  // for append_overread
  if (!append_field_key(e.prefix, key, err)) return nullptr;
  e.prefix += '=';
  if (j < key_cache_.size()) {
    // Entries after this one were checked against the key it replaces.
    key_cache_.resize(j + 1);
    key_cache_[j] = std::move(e);
  } else if (j == key_cache_.size() && j < kMaxCachedKeys) {
    key_cache_.push_back(std::move(e));
  } else {
    overflow_keys_.emplace_back(key);
    scratch_entry_ = std::move(e);
    return &scratch_entry_;
  }
  return &key_cache_[j];
}

bool PointEncoder::read_time(JsonValue& value, std::string* err) {
  if (have_time_) return true;  // the time named twice (a literal "a.b" and a nested a.b)
  const std::string& name = mapping_.time_field.text();
  json_type type;
  if (auto e = value.type().get(type); e != simdjson::SUCCESS) {
    *err = invalid_json(e);
    return false;
  }
  if (type == json_type::string) {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS || !parse_rfc3339(s, &ts_ns_, err)) {
      *err = "field \"" + name + "\": " + *err;
      return false;
    }
  } else if (type == json_type::number) {
    number_type nt;
    int64_t i;
    double d;
    bool ok;
    // Epoch integers (the usual time) are read straight from their digits.
    std::string_view token = value.raw_json_token();
    JsonNumberText number;
    if (scan_json_number(token, &number) && number.integer && number.length <= 18 &&
        std::from_chars(token.data(), token.data() + number.length, i).ec == std::errc()) {
      ok = epoch_to_ns(i, mapping_.time_unit, &ts_ns_, err);
    } else if (value.get_number_type().get(nt) == simdjson::SUCCESS &&
               nt == number_type::signed_integer && value.get_int64().get(i) == simdjson::SUCCESS) {
      ok = epoch_to_ns(i, mapping_.time_unit, &ts_ns_, err);
    } else if (value.get_double().get(d) == simdjson::SUCCESS) {
      ok = epoch_to_ns(d, mapping_.time_unit, &ts_ns_, err);
    } else {
      ok = false;
      *err = "not a valid number";
    }
    if (!ok) {
      *err = "field \"" + name + "\": " + *err;
      return false;
    }
  } else {
    *err = "field \"" + name + "\" is " + json_type_name(type) + ", not a time";
    return false;
  }
  have_time_ = true;
  return true;
}

}  // namespace rivulet
