#include <catch2/catch.hpp>
#include <string>

#include "influx/line_protocol.hpp"

using namespace rivulet;

TEST_CASE("line protocol: measurement escaping and refusals") {
  std::string out, err;
  REQUIRE(append_measurement(out, "cpu load,x=1", &err));
  CHECK(out == "cpu\\ load\\,x=1");  // "=" needs no escape in a measurement

  out = "keep";
  CHECK_FALSE(append_measurement(out, "", &err));
  CHECK(err == "empty measurement");
  CHECK_FALSE(append_measurement(out, "#comment", &err));
  CHECK(err == "measurement \"#comment\" starts with \"#\", which influxd reads as a comment");
  CHECK_FALSE(append_measurement(out, "a\\ b", &err));
  CHECK_FALSE(append_measurement(out, "a\\", &err));
  CHECK_FALSE(append_measurement(out, "a\nb", &err));
  CHECK(out == "keep");                            // nothing appended on failure
  REQUIRE(append_measurement(out, "a\\b", &err));  // a lone backslash is literal
  CHECK(out == "keepa\\b");
}

TEST_CASE("line protocol: tag and field keys and tag values escape comma, equals, space") {
  std::string out, err;
  REQUIRE(append_tag_key(out, "a=b,c d", &err));
  CHECK(out == "a\\=b\\,c\\ d");
  out.clear();
  REQUIRE(append_tag_value(out, "k", "x\\,y", &err));
  CHECK(out == "x\\\\,y");  // backslash kept literal, comma escaped: influxd reads x\,y
  out.clear();
  REQUIRE(append_field_key(out, "é☃ \"q\"", &err));
  CHECK(out == "é☃\\ \"q\"");
  out.clear();
  REQUIRE(append_field_key(out, "k\\6", &err));
  CHECK(out == "k\\6");
  CHECK_FALSE(append_field_key(out, "k\\,6", &err));
  CHECK(err ==
        "field key \"k\\\\,6\" has a backslash before \",\", which line protocol "
        "cannot represent");
  CHECK(out == "k\\6");

  out = "";
  CHECK_FALSE(append_tag_value(out, "stream", "", &err));
  CHECK(err == "tag \"stream\" has an empty value");
  CHECK_FALSE(append_tag_value(out, "stream", "a\nb", &err));
  CHECK(err == "tag \"stream\": tag value \"a\\nb\" contains a newline");
  CHECK_FALSE(append_tag_value(out, "stream", "ends\\", &err));
  CHECK(err ==
        "tag \"stream\": tag value \"ends\\\\\" ends with a backslash, which line "
        "protocol cannot represent");
  CHECK_FALSE(append_tag_key(out, "time", &err));
  CHECK_FALSE(append_field_key(out, "time", &err));
  CHECK(err == "\"time\" cannot be a field key (influxd drops it)");
  CHECK(out.empty());
}

TEST_CASE("line protocol: field values") {
  std::string out, err;
  REQUIRE(append_string_value(out, "s", "say \"hi\" \\o/", &err));
  CHECK(out == "\"say \\\"hi\\\" \\\\o/\"");
  out.clear();
  CHECK_FALSE(append_string_value(out, "s", "two\nlines", &err));
  CHECK(err == "string field \"s\" contains a newline");
  CHECK(out.empty());
  append_integer_value(out, -9223372036854775807 - 1);
  CHECK(out == "-9223372036854775808i");
  out.clear();
  REQUIRE(append_float_value(out, "f", 0.1, &err));
  CHECK(out == "0.1");
  CHECK_FALSE(append_float_value(out, "f", 1.0 / 0.0, &err));
  CHECK(err == "field \"f\" is not a finite number");
  out.clear();
  append_bool_value(out, true);
  append_bool_value(out, false);
  CHECK(out == "truefalse");
}

TEST_CASE("line protocol: timestamps in a precision, never rounded") {
  std::string out, err;
  REQUIRE(append_timestamp(out, 1700000000033000000, TimeUnit::kMillis, &err));
  CHECK(out == " 1700000000033");
  out.clear();
  REQUIRE(append_timestamp(out, -1000000, TimeUnit::kMillis, &err));
  CHECK(out == " -1");
  out.clear();
  CHECK_FALSE(append_timestamp(out, 1700000000033000001, TimeUnit::kMillis, &err));
  CHECK(err == "time 1700000000033000001ns is not a whole number of ms (use a finer --precision)");
  CHECK(out.empty());

  CHECK(coarsest_time_unit(1700000000000000000) == TimeUnit::kSeconds);
  CHECK(coarsest_time_unit(1700000000033000000) == TimeUnit::kMillis);
  CHECK(coarsest_time_unit(1700000000033001000) == TimeUnit::kMicros);
  CHECK(coarsest_time_unit(1700000000033000001) == TimeUnit::kNanos);
  CHECK(coarsest_time_unit(-1000000) == TimeUnit::kMillis);
  CHECK(finer(TimeUnit::kNanos, TimeUnit::kMillis));
  CHECK_FALSE(finer(TimeUnit::kSeconds, TimeUnit::kMillis));
  TimeUnit p;
  CHECK(parse_time_unit("u", &p));
  CHECK(p == TimeUnit::kMicros);
  CHECK_FALSE(parse_time_unit("h", &p));
}
