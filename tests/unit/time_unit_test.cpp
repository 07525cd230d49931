#include "time/time_unit.hpp"

#include <catch2/catch.hpp>

using namespace rivulet;

TEST_CASE("time unit: one name table, read back, with InfluxDB's u and n") {
  for (TimeUnit u : {TimeUnit::kSeconds, TimeUnit::kMillis, TimeUnit::kMicros, TimeUnit::kNanos}) {
    TimeUnit back;
    REQUIRE(parse_time_unit(time_unit_name(u), &back));
    CHECK(back == u);
  }
  TimeUnit u;
  CHECK((parse_time_unit("u", &u) && u == TimeUnit::kMicros));
  CHECK((parse_time_unit("nanoseconds", &u) && u == TimeUnit::kNanos));
  CHECK((parse_time_unit("sec", &u) && u == TimeUnit::kSeconds));
  CHECK_FALSE(parse_time_unit("auto", &u));
  CHECK_FALSE(parse_time_unit("", &u));
  CHECK_FALSE(parse_time_unit("minutes", &u));
  TimeUnitOrAuto maybe = TimeUnit::kSeconds;
  CHECK((parse_time_unit("auto", &maybe) && maybe == kAutoTimeUnit));
  CHECK(std::string(time_unit_name(maybe)) == "auto");
  CHECK((parse_time_unit("ms", &maybe) && maybe == TimeUnit::kMillis));
  CHECK(std::string(time_unit_name(maybe)) == "ms");
}

TEST_CASE("time unit: scale, coarsest exact unit, order, auto by magnitude") {
  CHECK(time_unit_ns(TimeUnit::kSeconds) == 1'000'000'000);
  CHECK(time_unit_ns(TimeUnit::kMicros) == 1'000);
  CHECK(coarsest_time_unit(3'000'000'000) == TimeUnit::kSeconds);
  CHECK(coarsest_time_unit(-33'000'000) == TimeUnit::kMillis);
  CHECK(coarsest_time_unit(1'000) == TimeUnit::kMicros);
  CHECK(coarsest_time_unit(1) == TimeUnit::kNanos);
  CHECK(finer(TimeUnit::kNanos, TimeUnit::kMillis));
  CHECK_FALSE(finer(TimeUnit::kSeconds, TimeUnit::kSeconds));
  CHECK(resolve_time_unit(1.7e9, kAutoTimeUnit) == TimeUnit::kSeconds);
  CHECK(resolve_time_unit(1.7e12, kAutoTimeUnit) == TimeUnit::kMillis);
  CHECK(resolve_time_unit(1.7e15, kAutoTimeUnit) == TimeUnit::kMicros);
  CHECK(resolve_time_unit(1.7e18, kAutoTimeUnit) == TimeUnit::kNanos);
  CHECK(resolve_time_unit(1.7e18, TimeUnit::kSeconds) == TimeUnit::kSeconds);
}
