#include <catch2/catch.hpp>
#include <string>

#include "cli/tool_cli.hpp"
#include "time/duration.hpp"
#include "time/plausible_time.hpp"
#include "time/timestamp.hpp"

using namespace rivulet;

TEST_CASE("durations parse with units and combinations") {
  int64_t ns;
  std::string err;
  REQUIRE(parse_duration("250ms", &ns, &err));
  CHECK(ns == 250000000);
  REQUIRE(parse_duration("10s", &ns, &err));
  CHECK(ns == 10000000000LL);
  REQUIRE(parse_duration("1m30s", &ns, &err));
  CHECK(ns == 90000000000LL);
  REQUIRE(parse_duration("1h", &ns, &err));
  CHECK(ns == 3600000000000LL);
  REQUIRE(parse_duration("1.5s", &ns, &err));
  CHECK(ns == 1500000000LL);
  REQUIRE(parse_duration("0", &ns, &err));
  CHECK(ns == 0);
  REQUIRE(parse_duration("5us", &ns, &err));
  CHECK(ns == 5000);
  CHECK_FALSE(parse_duration("10", &ns, &err));
  CHECK(err == "duration \"10\" needs a unit (ns, us, ms, s, m, h, d)");
  CHECK_FALSE(parse_duration("10x", &ns, &err));
  CHECK(err == "unknown unit \"x\" in duration \"10x\" (use ns, us, ms, s, m, h, d)");
  CHECK_FALSE(parse_duration("", &ns, &err));
  CHECK_FALSE(parse_duration("s", &ns, &err));
  CHECK(format_duration(90000000000LL) == "1m30s");
  CHECK(format_duration(250000000) == "250ms");
  CHECK(format_duration(3600000000000LL) == "1h");
}

TEST_CASE("epoch numbers in every unit, and auto by magnitude") {
  int64_t ns;
  std::string err;
  REQUIRE(epoch_to_ns(int64_t{1700000000}, TimeUnit::kSeconds, &ns, &err));
  CHECK(ns == 1700000000000000000LL);
  REQUIRE(epoch_to_ns(int64_t{1700000000033}, TimeUnit::kMillis, &ns, &err));
  CHECK(ns == 1700000000033000000LL);
  REQUIRE(epoch_to_ns(int64_t{1700000000033000}, kAutoTimeUnit, &ns, &err));
  CHECK(ns == 1700000000033000000LL);
  REQUIRE(epoch_to_ns(int64_t{1700000000033000123}, kAutoTimeUnit, &ns, &err));
  CHECK(ns == 1700000000033000123LL);
  REQUIRE(epoch_to_ns(1700000000.5, kAutoTimeUnit, &ns, &err));
  CHECK(ns == 1700000000500000000LL);
  REQUIRE(epoch_to_ns(int64_t{1700000000033}, kAutoTimeUnit, &ns, &err));
  CHECK(ns == 1700000000033000000LL);
  CHECK_FALSE(epoch_to_ns(int64_t{1700000000033}, TimeUnit::kSeconds, &ns, &err));
  CHECK(ns_to_epoch(1700000000033999999LL, TimeUnit::kMillis) == 1700000000033);
  CHECK(ns_to_epoch(-1, TimeUnit::kMillis) == -1);
  TimeUnit unit;
  CHECK(parse_time_unit("us", &unit));
  CHECK(unit == TimeUnit::kMicros);
  CHECK_FALSE(parse_time_unit("minutes", &unit));
}

TEST_CASE("RFC 3339 parses offsets and fractions, and formats back") {
  int64_t ns;
  std::string err;
  REQUIRE(parse_rfc3339("2023-11-14T22:13:20.033Z", &ns, &err));
  CHECK(ns == 1700000000033000000LL);
  REQUIRE(parse_rfc3339("2023-11-14T23:13:20.033+01:00", &ns, &err));
  CHECK(ns == 1700000000033000000LL);
  REQUIRE(parse_rfc3339("2023-11-14 22:13:20z", &ns, &err));
  CHECK(ns == 1700000000000000000LL);
  REQUIRE(parse_rfc3339("1969-12-31T23:59:59.5Z", &ns, &err));
  CHECK(ns == -500000000LL);
  CHECK_FALSE(parse_rfc3339("2023-02-29T00:00:00Z", &ns, &err));
  CHECK_FALSE(parse_rfc3339("2023-11-14T22:13:20", &ns, &err));
  CHECK(err == "invalid RFC 3339 time \"2023-11-14T22:13:20\"");
  CHECK(format_rfc3339(1700000000033000000LL) == "2023-11-14T22:13:20.033Z");
  CHECK(format_rfc3339(1700000000000000000LL) == "2023-11-14T22:13:20Z");
  CHECK(format_rfc3339(-500000000LL) == "1969-12-31T23:59:59.500Z");
  CHECK(format_rfc3339(1700000000000000001LL) == "2023-11-14T22:13:20.000000001Z");
  CHECK(format_rfc3339(1700000000000001000LL) == "2023-11-14T22:13:20.000001Z");
}

TEST_CASE("RFC 3339 times outside the nanosecond range say so, to the last nanosecond") {
  int64_t ns = 7;
  std::string err;
  const char* range =
      " is outside the range of nanosecond timestamps (1677-09-21T00:12:43.145224192Z to "
      "2262-04-11T23:47:16.854775807Z)";
  CHECK(format_rfc3339(INT64_MIN) == "1677-09-21T00:12:43.145224192Z");
  CHECK(format_rfc3339(INT64_MAX) == "2262-04-11T23:47:16.854775807Z");
  REQUIRE(parse_rfc3339("1677-09-21T00:12:43.145224192Z", &ns, &err));
  CHECK(ns == INT64_MIN);
  REQUIRE(parse_rfc3339("2262-04-11T23:47:16.854775807Z", &ns, &err));
  CHECK(ns == INT64_MAX);
  REQUIRE(parse_rfc3339("2262-04-12T01:47:16.854775807+02:00", &ns, &err));
  CHECK(ns == INT64_MAX);
  ns = 7;
  CHECK_FALSE(parse_rfc3339("2262-04-11T23:47:16.854775808Z", &ns, &err));
  CHECK(err == std::string("time \"2262-04-11T23:47:16.854775808Z\"") + range);
  CHECK(ns == 7);
  CHECK_FALSE(parse_rfc3339("1677-09-21T00:12:43.145224191Z", &ns, &err));
  CHECK(err == std::string("time \"1677-09-21T00:12:43.145224191Z\"") + range);
  CHECK_FALSE(parse_rfc3339("1500-01-01T00:00:00Z", &ns, &err));
  CHECK(err == std::string("time \"1500-01-01T00:00:00Z\"") + range);
  CHECK_FALSE(parse_rfc3339("9999-12-31T23:59:59Z", &ns, &err));
  CHECK(err == std::string("time \"9999-12-31T23:59:59Z\"") + range);
  // Invalid text still says so.
  CHECK_FALSE(parse_rfc3339("9999-13-31T23:59:59Z", &ns, &err));
  CHECK(err == "invalid RFC 3339 time \"9999-13-31T23:59:59Z\"");
}

TEST_CASE("time arguments: now, RFC 3339, epoch") {
  int64_t ns;
  std::string err;
  REQUIRE(parse_time_argument("now", 42, &ns, &err));
  CHECK(ns == 42);
  REQUIRE(parse_time_argument("1700000000000", 0, &ns, &err));
  CHECK(ns == 1700000000000000000LL);
  REQUIRE(parse_time_argument("2023-11-14T22:13:20Z", 0, &ns, &err));
  CHECK(ns == 1700000000000000000LL);
  CHECK_FALSE(parse_time_argument("yesterday", 0, &ns, &err));
}

TEST_CASE("event time is read from a number or an RFC 3339 string") {
  JsonLineParser parser;
  std::string err;
  int64_t ns;
  auto read = [&](const std::string& json, EventTimeReader reader) {
    std::string storage = json + std::string(kLinePadding, ' ');
    JsonDocument doc;
    REQUIRE(parser.parse(std::string_view(storage.data(), json.size()), &doc, &err));
    return reader.read(doc, &ns, &err);
  };
  CHECK(read(R"({"ts":1700000000033})", EventTimeReader()) == FieldStatus::kOk);
  CHECK(ns == 1700000000033000000LL);
  CHECK(read(R"({"t":"2023-11-14T22:13:20Z"})", EventTimeReader(FieldPath("t"))) ==
        FieldStatus::kOk);
  CHECK(ns == 1700000000000000000LL);
  CHECK(read(R"({"t":1700000000.25})", EventTimeReader(FieldPath("t"), TimeUnit::kSeconds)) ==
        FieldStatus::kOk);
  CHECK(ns == 1700000000250000000LL);
  CHECK(read(R"({"x":1})", EventTimeReader()) == FieldStatus::kMissing);
  CHECK(err == "missing field \"ts\"");
  CHECK(read(R"({"ts":true})", EventTimeReader()) == FieldStatus::kWrongType);
  CHECK(err == "field \"ts\" is a boolean, not a time (epoch number or RFC 3339 string)");
  CHECK(read(R"({"ts":"soon"})", EventTimeReader()) == FieldStatus::kInvalid);
}

TEST_CASE("times outside 2000..2100 are reported once") {
  PlausibleTime plausible;
  CHECK(plausible.check(1700000000000000000LL).empty());
  CHECK(plausible.check(1700000000LL * 1000000) ==
        "time 1970-01-20T16:13:20Z is before 2000 (are the numbers in the unit --time-unit "
        "says? only the first such time is reported)");
  CHECK(plausible.check(0).empty());
  PlausibleTime late;
  CHECK(late.check(4102444800LL * 1000000000).find("after 2100") != std::string::npos);
  PlausibleTime edge;
  CHECK(edge.check(946684800LL * 1000000000).empty());
}

TEST_CASE("event times are read by magnitude by default") {
  CHECK(TimeOptions().unit == kAutoTimeUnit);
  CHECK(EventTimeReader().unit() == kAutoTimeUnit);
}
