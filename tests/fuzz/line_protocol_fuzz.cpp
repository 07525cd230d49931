// The line-protocol encoder on arbitrary JSON lines: whatever it writes is one line that a
// line-protocol reader (written here from influxd's grammar) splits into exactly the
// measurement, the tag "cam" (or its flattened parts), at least one field and the timestamp
// it was given: no value can inject another tag, field or line, and no key is written twice
// (a key repeated in the JSON is written once, from its first value).
#include <simdjson.h>

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "influx/line_protocol.hpp"
#include "influx/point_encoder.hpp"
#include "json/json_line.hpp"

using namespace rivulet;

namespace {

struct ParsedPoint {
  std::string measurement;
  std::vector<std::pair<std::string, std::string>> tags, fields;
  std::string timestamp;
};

// Reads up to an unescaped character of `stops`, unescaping "\x" for x in `escapable`.
bool read_token(std::string_view line, size_t* pos, std::string_view stops,
                std::string_view escapable, std::string* out) {
  out->clear();
  while (*pos < line.size()) {
    char c = line[*pos];
    if (c == '\\' && *pos + 1 < line.size() &&
        escapable.find(line[*pos + 1]) != std::string_view::npos) {
      out->push_back(line[*pos + 1]);
      *pos += 2;
      continue;
    }
    if (stops.find(c) != std::string_view::npos) return true;
    out->push_back(c);
    ++*pos;
  }
  return true;
}

bool parse_field_value(std::string_view line, size_t* pos, std::string* out) {
  out->clear();
  if (*pos < line.size() && line[*pos] == '"') {
    ++*pos;
    while (*pos < line.size()) {
      char c = line[*pos];
      if (c == '\\' && *pos + 1 < line.size() &&
          (line[*pos + 1] == '"' || line[*pos + 1] == '\\')) {
        out->push_back(line[*pos + 1]);
        *pos += 2;
        continue;
      }
      ++*pos;
      if (c == '"') return true;
      out->push_back(c);
    }
    return false;  // unterminated string
  }
  return read_token(line, pos, ", ", "", out) && !out->empty();
}

bool parse_point(std::string_view line, ParsedPoint* p) {
  size_t pos = 0;
  read_token(line, &pos, ", ", ", ", &p->measurement);
  if (p->measurement.empty()) return false;
  std::string key, value;
  while (pos < line.size() && line[pos] == ',') {
    ++pos;
    read_token(line, &pos, "=", ",= ", &key);
    if (pos >= line.size() || line[pos] != '=') return false;
    ++pos;
    read_token(line, &pos, ", ", ",= ", &value);
    if (key.empty() || value.empty()) return false;
    p->tags.emplace_back(key, value);
  }
  if (pos >= line.size() || line[pos] != ' ') return false;
  ++pos;
  for (;;) {
    read_token(line, &pos, "=", ",= ", &key);
    if (key.empty() || pos >= line.size() || line[pos] != '=') return false;
    ++pos;
    if (!parse_field_value(line, &pos, &value)) return false;
    p->fields.emplace_back(key, value);
    if (pos < line.size() && line[pos] == ',') {
      ++pos;
      continue;
    }
    break;
  }
  if (pos >= line.size() || line[pos] != ' ') return false;
  p->timestamp = std::string(line.substr(pos + 1));
  return !p->timestamp.empty();
}

// True unless the line is one valid JSON object. On-demand parsing checks only what it
// reads, so the property covers valid objects (a repeated key is valid JSON: the first wins).
bool outside_property(const std::string& padded, size_t length) {
  static simdjson::dom::parser parser;
  simdjson::dom::object object;
  return parser.parse(padded.data(), length, false).get(object) != simdjson::SUCCESS;
}

// True if a tag or field key appears twice in the point (influxd would take one of them).
bool repeated_key(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::set<std::string> keys;
  for (const auto& p : pairs) {
    if (!keys.insert(p.first).second) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  static PointEncoder encoder([] {
    PointMapping m;
    m.measurement = "frames";
    m.tags = {FieldPath("cam")};
    return m;
  }());
  static JsonLineParser parser;
  std::string line(reinterpret_cast<const char*>(bytes), size);
  size_t length = line.size();
  line.resize(length + kLinePadding, ' ');
  JsonDocument doc;
  std::string err, out;
  if (outside_property(line, length)) return 0;
  if (!parser.parse(std::string_view(line.data(), length), &doc, &err)) return 0;
  int64_t ts_ns = 0;
  if (!encoder.encode(doc, &out, &ts_ns, &err)) return 0;
  if (!append_timestamp(out, ts_ns, TimeUnit::kNanos, &err)) abort();
  if (out.find('\n') != std::string::npos) abort();  // one point, one line
  ParsedPoint p;
  if (!parse_point(out, &p)) abort();
  if (p.measurement != "frames") abort();
  // The tag "cam", or tags "cam_*" when cam is an object (named objects are flattened).
  for (const auto& tag : p.tags) {
    if (tag.first != "cam" && tag.first.compare(0, 4, "cam_") != 0) abort();
  }
  if (p.tags.size() > 1 && p.tags[0].first == "cam") abort();
  if (p.fields.empty()) abort();
  if (repeated_key(p.tags) || repeated_key(p.fields)) abort();  // a JSON key written twice
  if (p.timestamp != std::to_string(ts_ns)) abort();
  return 0;
}
