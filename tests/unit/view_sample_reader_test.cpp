#include <catch2/catch.hpp>

#include "view/sample_reader.hpp"

using namespace rivulet;

namespace {

struct Fixture {
  explicit Fixture(ViewSpec spec) : spec_(std::move(spec)), reader(spec_, EventTimeReader()) {}
  SampleStatus read(const std::string& line) {
    text = line;
    text.append(kLinePadding, ' ');
    return reader.read(std::string_view(text.data(), line.size()), &sample, &err);
  }
  ViewSpec spec_;
  SampleReader reader;
  ViewSample sample;
  std::string err, text;
};

ViewSpec spec(std::string by = "stream") {
  ViewSpec s;
  s.fields = {"bitrate_kbps_avg"};
  s.counters = {"viewer_distinct"};
  s.by = std::move(by);
  return s;
}

}  // namespace

TEST_CASE("a window result is read at its time, moving the edge to its window_end", "[view]") {
  Fixture f(spec());
  REQUIRE(f.read(R"({"ts":1700000000000,"window_end":1700000010000,"stream":"cam-1",)"
                 R"("bitrate_kbps_avg":2811.5})") == SampleStatus::kOk);
  CHECK(f.sample.time_ns == 1700000000000LL * 1000000);
  CHECK(f.sample.edge_ns == 1700000010000LL * 1000000);
  CHECK(f.sample.raw_key == "\"cam-1\"");
  REQUIRE(f.sample.values.size() == 1);
  CHECK(f.sample.values[0].metric == 0);
  CHECK(f.sample.values[0].value == 2811.5);
}

TEST_CASE("any NDJSON with a time: counters and charts from one line, RFC 3339 times", "[view]") {
  Fixture f(spec());
  REQUIRE(f.read(R"({"ts":"2023-11-14T22:13:20Z","stream":"a","viewer_distinct":7,)"
                 R"("bitrate_kbps_avg":1})") == SampleStatus::kOk);
  CHECK(f.sample.edge_ns == f.sample.time_ns);
  REQUIRE(f.sample.values.size() == 2);
  CHECK(f.sample.values[1].metric == 1);
  CHECK(f.sample.values[1].value == 7);
}

TEST_CASE("missing and null metrics give no value; other types and bad lines are errors",
          "[view]") {
  Fixture f(spec());
  CHECK(f.read(R"({"ts":1,"stream":"a","count":3})") == SampleStatus::kNoValues);
  CHECK(f.read(R"({"ts":1,"stream":"a","bitrate_kbps_avg":null})") == SampleStatus::kNoValues);
  CHECK(f.read(R"({"ts":1,"stream":"a","bitrate_kbps_avg":"fast"})") == SampleStatus::kBad);
  CHECK(f.err == "field \"bitrate_kbps_avg\" is a string, not a number");
  CHECK(f.read(R"({"stream":"a","bitrate_kbps_avg":1})") == SampleStatus::kBad);
  CHECK(f.err == "missing field \"ts\"");
  CHECK(f.read(R"({"ts":1,"window_end":"soon","bitrate_kbps_avg":1})") == SampleStatus::kBad);
  CHECK(f.read(R"({"ts":1,"bitrate_kbps_avg":1)") == SampleStatus::kBad);
}

TEST_CASE("keys are labelled by their values, strings unquoted", "[view]") {
  CHECK(key_label("\"cam-1\"") == "cam-1");
  CHECK(key_label("\"a\\\"b\\u00e9\"") == "a\"b\xC3\xA9");
  CHECK(key_label("\"cam-1\"\n720") == "cam-1, 720");
  CHECK(key_label("null") == "null");
  CHECK(key_label("") == "");
  Fixture f(spec(""));
  REQUIRE(f.read(R"({"ts":1,"stream":"a","bitrate_kbps_avg":1})") == SampleStatus::kOk);
  CHECK(f.sample.raw_key.empty());
}
