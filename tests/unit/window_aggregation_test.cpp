#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"
#include "json/json_token.hpp"
#include "json/json_validator.hpp"
#include "json/json_writer.hpp"
#include "window/compensated_sum.hpp"
#include "window/event_counts.hpp"
#include "window/event_filter.hpp"
#include "window/field_averages.hpp"
#include "window/group_key.hpp"
#include "window/percentile.hpp"
#include "window/session_fields.hpp"
#include "window/window_result.hpp"

using namespace rivulet;

namespace {

// Parses lines the way the tools do: padded, one document at a time.
class Lines {
 public:
  JsonDocument& parse(const std::string& text) {
    storage_ = text + std::string(kLinePadding, ' ');
    std::string err;
    REQUIRE(parser_.parse(std::string_view(storage_.data(), text.size()), &doc_, &err));
    return doc_;
  }

 private:
  JsonLineParser parser_;
  JsonDocument doc_;
  std::string storage_;
};

std::string row_json(const WindowRows& rows, uint32_t row) {
  std::string out;
  JsonObjectWriter w(out);
  rows.write(row, w);
  w.close(false);
  return out;
}

std::vector<FieldPath> paths(std::initializer_list<const char*> names) {
  std::vector<FieldPath> out;
  for (const char* n : names) out.emplace_back(n);
  return out;
}

}  // namespace

TEST_CASE("compensated summation keeps what plain summation loses") {
  CompensatedSum sum;
  double plain = 0;
  sum.add(1e16);
  plain += 1e16;
  for (int i = 0; i < 1000; ++i) {
    sum.add(1.0);
    plain += 1.0;
  }
  sum.add(-1e16);
  plain += -1e16;
  CHECK(sum.value() == 1000.0);
  CHECK(plain != 1000.0);  // each 1.0 vanished against 1e16

  CompensatedSum tenths;
  for (int i = 0; i < 10000000; ++i) tenths.add(0.1);
  CHECK(tenths.value() == 1000000.0);
}

TEST_CASE("FieldAverages: count, avg, min and max per field and row") {
  Lines lines;
  FieldAverages averages(paths({"bitrate_kbps", "fps"}));
  auto rows = averages.make_rows();
  rows->add_row();
  rows->add_row();
  std::string err;
  const char* events[] = {R"({"bitrate_kbps":2000,"fps":30})",
                          R"({"fps":25,"bitrate_kbps":3000.5})",
                          R"({"bitrate_kbps":-1e3,"fps":30})"};
  for (const char* e : events) {
    REQUIRE(averages.read(lines.parse(e), &err));
    averages.add(*rows, 0);
  }
  REQUIRE(averages.read(lines.parse(R"({"bitrate_kbps":7,"fps":1})"), &err));
  averages.add(*rows, 1);
  CHECK(
      row_json(*rows, 0) ==
      R"({"count":3,"bitrate_kbps_avg":1333.5,"bitrate_kbps_min":-1000.0,"bitrate_kbps_max":3000.5,)"
      R"("fps_avg":28.333333333333332,"fps_min":25.0,"fps_max":30.0})");
  CHECK(row_json(*rows, 1) ==
        R"({"count":1,"bitrate_kbps_avg":7.0,"bitrate_kbps_min":7.0,"bitrate_kbps_max":7.0,)"
        R"("fps_avg":1.0,"fps_min":1.0,"fps_max":1.0})");
  CHECK(averages.result_names() == std::vector<std::string>{"count", "bitrate_kbps_avg",
                                                            "bitrate_kbps_min", "bitrate_kbps_max",
                                                            "fps_avg", "fps_min", "fps_max"});
  rows->clear();
  rows->add_row();
  REQUIRE(averages.read(lines.parse(R"({"bitrate_kbps":1,"fps":2})"), &err));
  averages.add(*rows, 0);
  CHECK(row_json(*rows, 0).rfind(R"({"count":1,"bitrate_kbps_avg":1.0,)", 0) == 0);
}

TEST_CASE("FieldAverages: a missing or non-numeric field is bad input, not a zero") {
  Lines lines;
  FieldAverages averages(paths({"bitrate_kbps"}));
  std::string err;
  CHECK_FALSE(averages.read(lines.parse(R"({"fps":30})"), &err));
  CHECK(err == "missing field \"bitrate_kbps\"");
  CHECK_FALSE(averages.read(lines.parse(R"({"bitrate_kbps":"2000"})"), &err));
  CHECK(err == "field \"bitrate_kbps\" is a string, not a number");
  CHECK_FALSE(averages.read(lines.parse(R"({"bitrate_kbps":null})"), &err));
  CHECK(err == "field \"bitrate_kbps\" is null, not a number");
}

TEST_CASE("averages of large values keep full precision") {
  Lines lines;
  FieldAverages averages(paths({"v"}));
  auto rows = averages.make_rows();
  rows->add_row();
  std::string err;
  // 1e15 + 0.1 n times, then the average must still show the .1
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(averages.read(lines.parse(i % 2 ? R"({"v":1e15})" : R"({"v":0.2})"), &err));
    averages.add(*rows, 0);
  }
  CHECK(row_json(*rows, 0).rfind(R"({"count":1000,"v_avg":500000000000000.1,)", 0) == 0);
}

TEST_CASE("EventCounts: events and exact distinct values per row") {
  Lines lines;
  EventCounts counts(paths({"viewer"}), EventFilter({}));
  auto rows = counts.make_rows();
  rows->add_row();
  rows->add_row();
  std::string err;
  struct {
    const char* event;
    uint32_t row;
  } events[] = {{R"({"viewer":"v-1"})", 0}, {R"({"viewer":"v-2"})", 0}, {R"({"viewer":"v-1"})", 0},
                {R"({"viewer":"v-1"})", 1}, {R"({"viewer":1})", 0},     {R"({"viewer":"1"})", 0}};
  for (const auto& e : events) {
    REQUIRE(counts.read(lines.parse(e.event), &err));
    counts.add(*rows, e.row);
  }
  CHECK(row_json(*rows, 0) == R"({"count":5,"viewer_distinct":4})");
  CHECK(row_json(*rows, 1) == R"({"count":1,"viewer_distinct":1})");
  CHECK_FALSE(counts.read(lines.parse(R"({"user":"v-1"})"), &err));
  CHECK(err == "missing field \"viewer\"");
  rows->clear();
  rows->add_row();
  REQUIRE(counts.read(lines.parse(R"({"viewer":"v-1"})"), &err));
  counts.add(*rows, 0);
  CHECK(row_json(*rows, 0) == R"({"count":1,"viewer_distinct":1})");
}

TEST_CASE("EventCounts without distinct fields only counts") {
  Lines lines;
  EventCounts counts({}, EventFilter({}));
  auto rows = counts.make_rows();
  rows->add_row();
  std::string err;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(counts.read(lines.parse(R"({"a":1})"), &err));
    counts.add(*rows, 0);
  }
  CHECK(row_json(*rows, 0) == R"({"count":3})");
}

TEST_CASE("--where conditions: strings, numbers by value, other JSON by text, all must hold") {
  FieldCondition c;
  std::string err;
  REQUIRE(parse_field_condition("event=beat", &c, &err));
  CHECK(c.field.text() == "event");
  CHECK(c.value == "beat");
  CHECK_FALSE(c.value_is_number);
  CHECK_FALSE(parse_field_condition("event", &c, &err));
  CHECK(err == "\"event\" is not FIELD=VALUE (or !=, <, <=, >, >=)");
  CHECK_FALSE(parse_field_condition("=beat", &c, &err));
  CHECK(err == "\"=beat\" has an empty field name");
  REQUIRE(parse_field_condition("note=a=b", &c, &err));
  CHECK(c.value == "a=b");

  std::vector<FieldCondition> conditions(2);
  REQUIRE(parse_field_condition("event=beat", &conditions[0], &err));
  REQUIRE(parse_field_condition("q.width=1280", &conditions[1], &err));
  EventFilter filter(conditions);
  Lines lines;
  CHECK(filter.select(lines.parse(R"({"event":"beat","q":{"width":1280}})"), &err) ==
        Selection::kSelected);
  CHECK(filter.select(lines.parse(R"({"q":{"width":1280.0},"event":"beat"})"), &err) ==
        Selection::kSelected);
  CHECK(filter.select(lines.parse(R"({"event":"join","q":{"width":1280}})"), &err) ==
        Selection::kSkipped);
  CHECK(filter.select(lines.parse(R"({"event":"beat","q":{"width":720}})"), &err) ==
        Selection::kSkipped);
  CHECK(filter.select(lines.parse(R"({"event":"beat"})"), &err) == Selection::kSkipped);
  CHECK(filter.select(lines.parse(R"({"event":"beat","q":{"width":"1280"}})"), &err) ==
        Selection::kSelected);  // the string "1280" equals the text 1280

  std::vector<FieldCondition> other(3);
  REQUIRE(parse_field_condition("keyframe=true", &other[0], &err));
  REQUIRE(parse_field_condition("tag=null", &other[1], &err));
  REQUIRE(parse_field_condition("n=abc", &other[2], &err));
  EventFilter by_text(other);
  CHECK(by_text.select(lines.parse(R"({"keyframe":true,"tag":null,"n":"abc"})"), &err) ==
        Selection::kSelected);
  CHECK(by_text.select(lines.parse(R"({"keyframe":false,"tag":null,"n":"abc"})"), &err) ==
        Selection::kSkipped);
  CHECK(by_text.select(lines.parse(R"({"keyframe":true,"tag":0,"n":"abc"})"), &err) ==
        Selection::kSkipped);
  CHECK(by_text.select(lines.parse(R"({"keyframe":true,"tag":null,"n":5})"), &err) ==
        Selection::kSkipped);  // a number never equals non-numeric text
}

TEST_CASE("group keys: typed raw JSON, missing fields as null, written back as they came") {
  Lines lines;
  GroupKey key(paths({"stream", "width"}));
  std::string buffer, err;
  std::string_view k;
  REQUIRE(key.read(lines.parse(R"({"width":1280,"stream":"cam-1"})"), &buffer, &k, &err));
  CHECK(k == "\"cam-1\"\n1280");
  REQUIRE(key.read(lines.parse(R"({"stream":"cam-1","width":"1280"})"), &buffer, &k, &err));
  CHECK(k == "\"cam-1\"\n\"1280\"");
  REQUIRE(key.read(lines.parse(R"({"width":{"a": [1, 2]}})"), &buffer, &k, &err));
  CHECK(k == "null\n{\"a\": [1, 2]}");
  std::string out;
  JsonObjectWriter w(out);
  key.write(k, w);
  w.close(false);
  CHECK(out == R"({"stream":null,"width":{"a": [1, 2]}})");

  GroupKey one(paths({"stream"}));
  REQUIRE(one.read(lines.parse(R"({"stream" : "cam-2" ,"a":1})"), &buffer, &k, &err));
  CHECK(k == "\"cam-2\"");
  REQUIRE(one.read(lines.parse(R"({"a":1})"), &buffer, &k, &err));
  CHECK(k == "null");
  CHECK_FALSE(one.read(lines.parse(R"({"stream":tru})"), &buffer, &k, &err));
  CHECK(err == "field \"stream\" is not valid JSON");
  CHECK_FALSE(key.read(lines.parse(R"({"stream":"a","width":{"x":1.2.3}})"), &buffer, &k, &err));
  CHECK(err == "field \"width\" is not valid JSON");

  GroupKey none({});
  REQUIRE(none.read(lines.parse(R"({"a":1})"), &buffer, &k, &err));
  CHECK(k.empty());
}

TEST_CASE("group keys: strings with escapes are checked in full") {
  Lines lines;
  GroupKey one(paths({"stream"}));
  std::string buffer, err;
  std::string_view k;
  REQUIRE(one.read(lines.parse(R"({"stream":"c\u0061m-1\n"})"), &buffer, &k, &err));
  CHECK(k == R"("c\u0061m-1\n")");
  REQUIRE(one.read(lines.parse(R"({"stream":"a\"b","stream":"c"})"), &buffer, &k, &err));
  CHECK(k == R"("a\"b")");  // the first of duplicate keys, with or without escapes
  CHECK_FALSE(one.read(lines.parse(R"({"stream":"a\qb"})"), &buffer, &k, &err));
  CHECK(err == "field \"stream\" is not valid JSON");
  CHECK_FALSE(one.read(lines.parse(R"({"stream":"\ud800"})"), &buffer, &k, &err));
  CHECK(err == "field \"stream\" is not valid JSON");
}

TEST_CASE("result lines: window times in the output unit, keys, then aggregates") {
  Lines lines;
  GroupKey key(paths({"stream"}));
  FieldAverages averages(paths({"bitrate_kbps"}));
  auto rows = averages.make_rows();
  rows->add_row();
  std::string err;
  REQUIRE(averages.read(lines.parse(R"({"bitrate_kbps":2875.4})"), &err));
  averages.add(*rows, 0);
  const int64_t start = 1700000000000LL * 1000000, end = start + 10000000000LL;
  std::string out;
  ResultWriter(&key, TimeUnit::kMillis).write(out, start, end, "\"cam-1\"", *rows, 0);
  CHECK(out ==
        "{\"ts\":1700000000000,\"window_end\":1700000010000,\"stream\":\"cam-1\",\"count\":1,"
        "\"bitrate_kbps_avg\":2875.4,\"bitrate_kbps_min\":2875.4,\"bitrate_kbps_max\":2875.4}\n");
  out.clear();
  ResultWriter(&key, TimeUnit::kSeconds).write(out, start, end, "\"cam-1\"", *rows, 0);
  CHECK(out.rfind("{\"ts\":1700000000,\"window_end\":1700000010,", 0) == 0);
  out.clear();
  ResultWriter(&key, kAutoTimeUnit).write(out, start, end, "\"cam-1\"", *rows, 0);
  CHECK(out.rfind("{\"ts\":1700000000000,", 0) == 0);
}

TEST_CASE("raw JSON handed over unvalidated is checked before it is used") {
  for (const char* good : {"\"cam-1\"", "\"\"", "\"a\\\"b\\\\c\\/\\n\\u00e9\"", "0", "-0.5", "1e10",
                           "2.5E-3", "12", "true", "false", "null", "\"caf\xc3\xa9\""}) {
    CHECK(is_json_scalar(good));
  }
  for (const char* bad :
       {"", "tru", "nul", "falsey", "1.2.3", "01", "-", "1.", ".5", "1e", "+1", "\"a", "\"a\\q\"",
        "\"\\u12\"", "\"\\u12g4\"", "\"a\"b\"", "\"tab\there\"", "NaN", "{"}) {
    CHECK_FALSE(is_json_scalar(bad));
  }
  JsonValidator check;
  std::string padded = std::string(R"({"a":[1,{"b":null}]})") + std::string(kLinePadding, ' ');
  CHECK(check.valid(std::string_view(padded.data(), 20)));
  std::string broken = std::string(R"({"a":[1,{"b":nul}]})") + std::string(kLinePadding, ' ');
  CHECK_FALSE(check.valid(std::string_view(broken.data(), 19)));
  CHECK(check.valid("\"x\""));
  CHECK_FALSE(check.valid("tru"));

  Lines lines;
  EventCounts counts(paths({"viewer"}), EventFilter({}));
  std::string err;
  CHECK_FALSE(counts.read(lines.parse(R"({"viewer":tru})"), &err));
  CHECK(err == "field \"viewer\" is not valid JSON");
}

TEST_CASE("FieldAverages with --sum and percentiles: per field, null where InfluxDB has none",
          "[percentile]") {
  Lines lines;
  FieldExtras extras;
  extras.sum = true;
  extras.percentiles = parse_percentile_options({"0,50", "100"});
  FieldAverages averages(paths({"a", "b"}), extras);
  CHECK(averages.result_names() == std::vector<std::string>{"count", "a_avg", "a_min", "a_max",
                                                            "a_sum", "a_p0", "a_p50", "a_p100",
                                                            "b_avg", "b_min", "b_max", "b_sum",
                                                            "b_p0", "b_p50", "b_p100"});
  auto rows = averages.make_rows();
  rows->add_row();
  rows->add_row();
  std::string err;
  for (const char* e : {R"({"a":3,"b":-1})", R"({"a":1,"b":-2})", R"({"a":2,"b":-3})"}) {
    REQUIRE(averages.read(lines.parse(e), &err));
    averages.add(*rows, 1);
  }
  CHECK(row_json(*rows, 1) ==
        R"({"count":3,"a_avg":2.0,"a_min":1.0,"a_max":3.0,"a_sum":6.0,"a_p0":null,"a_p50":2.0,)"
        R"("a_p100":3.0,"b_avg":-2.0,"b_min":-3.0,"b_max":-1.0,"b_sum":-6.0,"b_p0":null,)"
        R"("b_p50":-2.0,"b_p100":-1.0})");
  // A reused window starts from no values.
  rows->clear();
  rows->add_row();
  REQUIRE(averages.read(lines.parse(R"({"a":9,"b":8})"), &err));
  averages.add(*rows, 0);
  CHECK(row_json(*rows, 0) ==
        R"({"count":1,"a_avg":9.0,"a_min":9.0,"a_max":9.0,"a_sum":9.0,"a_p0":null,"a_p50":9.0,)"
        R"("a_p100":9.0,"b_avg":8.0,"b_min":8.0,"b_max":8.0,"b_sum":8.0,"b_p0":null,)"
        R"("b_p50":8.0,"b_p100":8.0})");
}

TEST_CASE(
    "session results: first and last event in the output unit, whole milliseconds, "
    "kept fields as they were, null when missing",
    "[session]") {
  Lines lines;
  SessionFields fields(paths({"stream", "meta"}), TimeUnit::kSeconds);
  CHECK(fields.result_names() ==
        std::vector<std::string>{"duration_ms", "count", "stream", "meta"});
  std::string err;
  REQUIRE(fields.read(lines.parse(R"({"stream":"cam-1","meta":{"x":[1]}})"), &err));
  Session s;
  s.first_ns = 1700000000000000000;
  s.last_ns = 1700000001234567890;
  s.count = 3;
  s.first_values = std::string(fields.values());
  GroupKey key(paths({"viewer"}));
  std::string out;
  fields.write(out, key, "\"v-1\"", s);
  CHECK(out ==
        R"({"ts":1700000000,"session_end":1700000001,"viewer":"v-1","duration_ms":1234,"count":3,)"
        R"("stream":"cam-1","meta":{"x":[1]}})"
        "\n");
  REQUIRE(fields.read(lines.parse(R"({"other":1})"), &err));
  CHECK(fields.values() == "null\nnull");
  REQUIRE_FALSE(fields.read(lines.parse(R"({"stream":tru})"), &err));
}
