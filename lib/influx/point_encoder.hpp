#pragma once
// Maps one NDJSON object to one line-protocol point (without its timestamp digits).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "influx/first_keys.hpp"
#include "influx/text_buffer.hpp"
#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

struct PointMapping {
  std::string measurement;      // a fixed measurement name, or
  FieldPath measurement_field;  // the field holding each object's measurement
  std::vector<FieldPath> tags;  // tag values are strings; numbers and bools as their text
  // Fields to write. Empty means every other top-level number and bool (not the time,
  // tags or measurement field); strings and nested objects are written only when named.
  std::vector<FieldPath> fields;
  FieldPath time_field{"ts"};
  TimeUnitOrAuto time_unit = kAutoTimeUnit;
  // Field keys (as written: "a.b" is the key a_b) whose numbers are written as integers:
  // those the database stores as integers and those named with --integer.
  std::vector<std::string> integer_keys;
  // Top-level strings not named as tag or field become tags (influx-write without --tag).
  bool strings_as_tags = false;
};

// Every number is written as a float unless its field key is one of integer_keys. A field's
// type must never change (InfluxDB refuses the point), and JSON does not say which numbers
// are integers: jq and Miller print 16278.0 as 16278, win-avg prints a whole average without
// a fraction. An integer field's values are written exactly (a whole float such as 16278.0
// is the integer 16278); a fraction there is bad input.
//
// A key an object repeats is read the first time only (the rule of every rivulet tool); a
// key written twice (a nested a.b flattened to a_b beside a top-level a_b) is written the
// first time only, except that a tag from a literal "a.b" key wins over a nested a.b. Keys
// starting with "rivulet." (ksub's envelope, checkpoint markers) are never written.
//
// Encodes objects in one pass over each document. Named objects are flattened with "_"
// ({"video":{"w":1}} with --field video gives the field video_w); a dotted path a.b gives
// the key a_b. Tags are written sorted by key, as influxd prefers them.
class PointEncoder {
 public:
  // Throws UsageError if the mapping names no measurement, names one field twice or names
  // a "rivulet.*" field.
  explicit PointEncoder(PointMapping mapping);

  // Top-level string fields seen so far that were neither tag nor field (so not written),
  // each once, in the order first seen.
  const std::vector<std::string>& unwritten_strings() const { return unwritten_strings_; }
  // Float fields that were given an integer a double cannot hold exactly (beyond 2^53),
  // each once, in the order first seen, with the first such value.
  struct ImpreciseInteger {
    std::string key;
    std::string value;
  };
  const std::vector<ImpreciseInteger>& imprecise_integers() const { return imprecise_; }

  // Appends "measurement,tags fields" to *out and sets *ts_ns. On bad input returns false
  // with *err saying why (missing time, unwritable value, no fields...), *out unchanged.
  bool encode(JsonDocument& doc, std::string* out, int64_t* ts_ns, std::string* err);

 private:
  enum class Role : uint8_t { kNone, kTag, kField, kTime, kMeasurement };
  struct Node {
    std::string name;
    Role role = Role::kNone;
    std::vector<Node> children;
    // For the top-level key that a dotted path a.b names literally ("a.b"): the key written,
    // a_b, the same as for the nested path.
    std::string literal_key;
  };
  // A field key as last seen at one position of the object, escaped and with "=", so the
  // usual case (the same keys in the same order every line) costs one comparison a field.
  struct KeyEntry {
    std::string raw;
    std::string prefix;  // ",key="
    bool is_integer;
    bool repeated;  // an earlier field of the object has the same key (at these positions)
  };
  static constexpr size_t kMaxCachedKeys = 64;
  struct Tag {
    std::string key;
    std::string_view value;
    bool literal = false;  // from a literal "a.b" key, which wins over a nested a.b
  };

  void add_path(const FieldPath& path, Role role);
  bool walk(simdjson::ondemand::object object, const std::vector<Node>& nodes, bool top,
            std::string& prefix, std::string* err);
  bool take(Role role, JsonValue& value, const std::string& key, bool literal, std::string* err);
  bool add_tag(JsonValue& value, const std::string& key, std::string* err, bool literal = false);
  bool add_unnamed(JsonValue& value, std::string_view key, std::string* err);
  bool add_field(JsonValue& value, std::string_view key, bool named, std::string* err);
  bool add_number(JsonValue& value, std::string_view key, const KeyEntry& entry, std::string* err);
  bool read_time(JsonValue& value, std::string* err);
  bool is_integer_key(std::string_view key) const;
  // Notes `key` in imprecise_ when the integer `digits` is beyond what a double holds exactly.
  void note_if_imprecise(std::string_view key, std::string_view digits);
  // The cache entry for the next field written; null with *err if the key is unwritable.
  // Its `repeated` says whether the object has written the key already.
  const KeyEntry* key_entry(std::string_view key, std::string* err);

  PointMapping mapping_;
  std::vector<Node> roots_;
  bool default_fields_;
  // Per-object state, kept to reuse allocations.
  std::vector<Tag> tags_;
  TextBuffer fields_;
  std::string scratch_;  // values formatted by line_protocol's std::string appenders
  std::string prefix_;
  std::string_view measurement_;
  bool have_time_ = false;
  int64_t ts_ns_ = 0;
  size_t field_count_ = 0;
  std::vector<std::string> unwritten_strings_;
  std::vector<ImpreciseInteger> imprecise_;
  std::vector<KeyEntry> key_cache_;
  KeyEntry scratch_entry_;
  std::vector<std::string> overflow_keys_;  // this object's field keys past the cache
  size_t key_ordinal_ = 0;
  FirstKeys<const Node*> top_keys_;  // the top level's keys and their nodes (or null)
};

}  // namespace rivulet
