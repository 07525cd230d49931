#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"
#include "window/event_counts.hpp"
#include "window/event_fields.hpp"
#include "window/field_averages.hpp"
#include "window/window_engine.hpp"

using namespace rivulet;

namespace {

struct Reading {
  bool ok = false;
  std::string err;
  bool time_read = false;
  int64_t time_ns = 0;
  std::string key;
  std::vector<double> values;
};

// Reads `line` with the fields win-avg --by BY --field FIELDS would read.
Reading read_line(const std::string& line, const std::string& by, const std::string& fields,
                  const std::string& time_field = "ts") {
  FieldAverages averages(parse_field_list(fields));
  GroupKey key(parse_field_list(by));
  EventFields event_fields(EventTimeReader(FieldPath(time_field)), &key, &averages);
  WindowEngine engine(WindowSpec::tumbling(1000000000), 0, &averages,
                      [](int64_t, int64_t, std::string_view, const WindowRows&, uint32_t) {});
  std::string storage = line + std::string(kLinePadding, ' ');
  JsonLineParser parser;
  JsonDocument doc;
  Reading r;
  REQUIRE(parser.parse(std::string_view(storage.data(), line.size()), &doc, &r.err));
  r.ok = event_fields.read(doc, engine, &r.err);
  r.time_read = event_fields.time_read();
  r.time_ns = event_fields.time_ns();
  if (r.ok) {
    r.key = std::string(event_fields.key());
    // The values as the aggregation would add them.
    r.values.assign(averages.number_values(), averages.number_values() + averages.fields().size());
  }
  return r;
}

}  // namespace

TEST_CASE("EventFields reads the usual event and the unusual alike", "[window]") {
  Reading usual = read_line(R"({"ts":1700000000033,"stream":"cam-1","bitrate_kbps":2875.5})",
                            "stream", "bitrate_kbps");
  REQUIRE(usual.ok);
  CHECK(usual.time_ns == 1700000000033000000);
  CHECK(usual.key == "\"cam-1\"");
  CHECK(usual.values == std::vector<double>{2875.5});

  // An RFC 3339 time, a numeric key with spaces around it and a field out of order all
  // take the general path, with the same results.
  Reading general =
      read_line(R"({"bitrate_kbps":1,"ts":"2023-11-14T22:13:20.033Z","stream": 7 ,"x":2})",
                "stream,x", "x,bitrate_kbps");
  REQUIRE(general.ok);
  CHECK(general.time_ns == 1700000000033000000);
  CHECK(general.key == "7\n2");
  CHECK(general.values == std::vector<double>{2, 1});

  // A missing key field groups as null.
  Reading missing = read_line(R"({"ts":1700000000000,"v":1})", "stream", "v");
  REQUIRE(missing.ok);
  CHECK(missing.key == "null");
}

TEST_CASE("EventFields: a key given twice reads as its first occurrence", "[window]") {
  // The time is looked up before the key: the key's first occurrence, before the time, still
  // wins, on both paths (an RFC 3339 time takes the general one).
  for (const char* ts : {"1700000000000", "\"2023-11-14T22:13:20Z\""}) {
    std::string line =
        std::string(R"({"stream":"a","v":1,"ts":)") + ts + R"(,"stream":"b","v":2,"ts":0})";
    Reading r = read_line(line, "stream", "v");
    REQUIRE(r.ok);
    CHECK(r.key == "\"a\"");
    CHECK(r.values == std::vector<double>{1});
    CHECK(r.time_ns == 1700000000000000000);
  }
}

TEST_CASE("EventFields reports the first problem in the order time, key, values", "[window]") {
  Reading r = read_line(R"({"v":"x","stream":{"a":tru},"ts":"x"})", "stream", "v");
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.time_read);
  CHECK(r.err == "field \"ts\": invalid RFC 3339 time \"x\"");

  r = read_line(R"({"v":"x","stream":{"a":tru},"ts":1})", "stream", "v");
  CHECK_FALSE(r.ok);
  CHECK(r.time_read);
  CHECK(r.err == "field \"stream\" is not valid JSON");

  r = read_line(R"({"v":"x","stream":"a","ts":1})", "stream", "v");
  CHECK(r.err == "field \"v\" is a string, not a number");

  r = read_line(R"({"stream":"a","ts":1})", "stream", "v");
  CHECK(r.err == "missing field \"v\"");

  r = read_line(R"({"stream":"a","v":1})", "stream", "v");
  CHECK(r.err == "missing field \"ts\"");
}

TEST_CASE("EventFields hands other readers' values to their read()", "[window]") {
  EventCounts counts(parse_field_list("viewer"), EventFilter({}));
  GroupKey key(parse_field_list("stream"));
  EventFields fields(EventTimeReader(), &key, &counts);
  WindowEngine engine(WindowSpec::tumbling(1000000000), 0, &counts,
                      [](int64_t, int64_t, std::string_view, const WindowRows&, uint32_t) {});
  JsonLineParser parser;
  JsonDocument doc;
  std::string err;
  std::string line = R"({"ts":1700000000000,"stream":"a"})";
  std::string storage = line + std::string(kLinePadding, ' ');
  REQUIRE(parser.parse(std::string_view(storage.data(), line.size()), &doc, &err));
  CHECK_FALSE(fields.read(doc, engine, &err));
  CHECK(err == "missing field \"viewer\"");
}
