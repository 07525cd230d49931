#include <catch2/catch.hpp>

#include "influx/json_points.hpp"
#include "influx/write_options.hpp"
#include "io/diagnostics.hpp"

using namespace rivulet;

TEST_CASE("write options: mapping defaults, comma lists, integer keys of dotted paths") {
  InfluxWriteOptions o;
  PointMapping m = point_mapping(o);
  CHECK(m.measurement == kDefaultMeasurement);
  CHECK(m.strings_as_tags);
  o.measurement_field = "kind";
  o.tags = {"stream,site", "cam"};
  o.fields = {"fps"};
  o.integers = {"video.w,count"};
  m = point_mapping(o);
  CHECK(m.measurement.empty());
  CHECK(m.measurement_field.text() == "kind");
  CHECK(m.tags.size() == 3);
  CHECK_FALSE(m.strings_as_tags);
  CHECK(m.integer_keys == std::vector<std::string>{"video_w", "count"});
}

TEST_CASE("write options: batches start in the --time-unit's precision, or the fixed one") {
  InfluxWriteOptions o;
  CHECK(batching_options(o).precision == TimeUnit::kMillis);  // auto: the schema default
  o.time.unit = TimeUnit::kSeconds;
  CHECK(batching_options(o).precision == TimeUnit::kSeconds);
  CHECK_FALSE(batching_options(o).fixed_precision);
  o.precision = "us";
  CHECK(batching_options(o).precision == TimeUnit::kMicros);
  CHECK(batching_options(o).fixed_precision);
  o.precision = "auto";
  o.input = "lp";
  CHECK(batching_options(o).precision == TimeUnit::kNanos);
  CHECK(batching_options(o).lines_are_line_protocol);
}

TEST_CASE("json points: a line to a point and its time; bad lines say why") {
  std::FILE* sink = std::tmpfile();
  Diagnostics diagnostics("influx-write", sink);
  LossWarnings warnings(&diagnostics);
  InfluxWriteOptions o;
  o.measurement = "m";
  o.tags = {"stream"};
  JsonPoints points(point_mapping(o), &warnings);
  std::string line = R"({"ts":1700000000000,"stream":"a","v":1})";
  line.append(64, ' ');  // LineReader's padding
  std::string out = "before|", err;
  int64_t ts = 0;
  REQUIRE(
      points.encode(std::string_view(line).substr(0, line.size() - 64), "-", 1, &out, &ts, &err));
  CHECK(out == "before|m,stream=a v=1");
  CHECK(ts == 1700000000000000000);
  std::string bad = std::string(R"({"stream":"a","v":1})") + std::string(64, ' ');
  out = "before|";
  CHECK_FALSE(
      points.encode(std::string_view(bad).substr(0, bad.size() - 64), "-", 2, &out, &ts, &err));
  CHECK(out == "before|");
  CHECK(err == "missing field \"ts\" (the time)");
  std::fclose(sink);
}
