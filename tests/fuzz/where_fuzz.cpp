// --where on arbitrary text: the first input line is a list of conditions, each later line
// an event. Parsing conditions never crashes; a parsed list selects, skips or rejects each
// event without crashing, and a condition on a missing field never selects (the rule
// rivulet(7) states: a missing field holds for no operator, not even !=).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"
#include "window/event_filter.hpp"

using namespace rivulet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(bytes), size);
  size_t nl = input.find('\n');
  std::vector<FieldCondition> conditions;
  std::string err;
  if (!parse_field_conditions(input.substr(0, nl), &conditions, &err)) return 0;
  if (conditions.empty() || nl == std::string_view::npos) return 0;
  EventFilter filter(conditions);
  static JsonLineParser parser;
  std::string_view rest = input.substr(nl + 1);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string line(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t length = line.size();
    line.resize(length + kLinePadding, ' ');
    JsonDocument doc;
    if (!parser.parse(std::string_view(line.data(), length), &doc, &err)) continue;
    Selection selected = filter.select(doc, &err);
    // The always-missing field: a condition on it can never hold, so the whole AND fails.
    std::vector<FieldCondition> with_missing = conditions;
    FieldCondition missing = conditions[0];
    missing.field = FieldPath("rivulet_fuzz_no_such_field");
    with_missing.push_back(missing);
    EventFilter never(with_missing);
    if (!parser.parse(std::string_view(line.data(), length), &doc, &err)) abort();
    if (never.select(doc, &err) == Selection::kSelected) abort();
    (void)selected;
  }
  return 0;
}
