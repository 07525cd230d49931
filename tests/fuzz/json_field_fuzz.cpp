// Field access on arbitrary lines: the first input line is a field path, the rest one JSON
// line. Lookups never crash, and a raw scalar handed out re-parses as one valid JSON value
// (raw values become grouping keys copied into results). Raw objects and arrays are handed
// out unchecked by contract: their callers validate them.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "json/json_line.hpp"

using namespace rivulet;

namespace {

// JSON's number grammar (RFC 8259): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. Checked
// here rather than with simdjson, whose DOM refuses integers beyond 64 bits.
bool is_json_number(std::string_view s) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(bytes), size);
  size_t nl = input.find('\n');
  if (nl == std::string_view::npos) return 0;
  FieldPath path(input.substr(0, nl));
  if (path.empty()) return 0;
  std::string line(input.substr(nl + 1));
  size_t length = line.size();
  line.resize(length + kLinePadding, ' ');
  std::string_view text(line.data(), length);

  static JsonLineParser parser;
  static JsonLineParser checker;
  JsonDocument doc;
  std::string err;
  for (int getter = 0; getter < 5; ++getter) {
    if (!parser.parse(text, &doc, &err)) return 0;
    double d;
    int64_t i;
    bool b;
    std::string_view s;
    switch (getter) {
      case 0:
        get_number(doc, path, &d, &err);
        break;
      case 1:
        get_int64(doc, path, &i, &err);
        break;
      case 2:
        get_bool(doc, path, &b, &err);
        break;
      case 3:
        get_string(doc, path, &s, &err);
        break;
      case 4:
        if (get_raw_json(doc, path, &s, &err) == FieldStatus::kOk && !s.empty() && s[0] != '{' &&
            s[0] != '[') {
          std::string copy(s);
          copy.resize(s.size() + kLinePadding, ' ');
          bool number = s[0] == '-' || (s[0] >= '0' && s[0] <= '9');
          if (number ? !is_json_number(s)
                     : !checker.validate(std::string_view(copy.data(), s.size()), &err)) {
            abort();
          }
        }
        break;
    }
  }
  return 0;
}
