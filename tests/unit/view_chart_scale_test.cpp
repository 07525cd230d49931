#include <catch2/catch.hpp>

#include "view/chart_scale.hpp"

using namespace rivulet;

TEST_CASE("value axes widen a range to round ticks of 1, 2 or 5 times a power of ten", "[view]") {
  ValueAxis a = nice_value_axis(2475.1, 15540.2, 5);
  CHECK(a.low == 0);
  CHECK(a.high == 20000);
  CHECK(a.step == 5000);
  CHECK(a.ticks == std::vector<double>{0, 5000, 10000, 15000, 20000});
  CHECK(a.fraction(10000) == Approx(0.5));

  ValueAxis b = nice_value_axis(0.12, 0.19, 4);
  CHECK(b.step == Approx(0.02));
  CHECK(b.low == Approx(0.12));
  CHECK(b.high == Approx(0.2));
  CHECK(b.ticks.size() <= 5);

  ValueAxis negative = nice_value_axis(-7, 3, 5);
  CHECK(negative.low <= -7);
  CHECK(negative.high >= 3);
  CHECK(std::find(negative.ticks.begin(), negative.ticks.end(), 0.0) != negative.ticks.end());
}

TEST_CASE("a flat line sits mid-chart", "[view]") {
  ValueAxis a = nice_value_axis(100, 100, 4);
  CHECK(a.low < 100);
  CHECK(a.high > 100);
  CHECK(a.fraction(100) == Approx(0.5));
  ValueAxis zero = nice_value_axis(0, 0, 4);
  CHECK(zero.fraction(0) == Approx(0.5));
}

TEST_CASE("time axes tick at round clock times within the span", "[view]") {
  const int64_t s = 1000000000;
  TimeAxis a = nice_time_axis(1700000060 * s + s / 2, 60 * s, 6);
  CHECK(a.step_ns == 10 * s);
  CHECK(a.start_ns == 1700000000 * s + s / 2);
  REQUIRE(a.ticks.size() == 6);
  CHECK(a.ticks.front() == 1700000010 * s);
  CHECK(a.ticks.back() == 1700000060 * s);
  CHECK(a.fraction(a.end_ns) == Approx(1));

  TimeAxis five_minutes = nice_time_axis(1700000100 * s, 300 * s, 5);
  CHECK(five_minutes.step_ns == 60 * s);
  CHECK(format_clock(five_minutes.ticks[0], five_minutes.step_ns) == "22:10");
}

TEST_CASE("numbers are labelled in about five characters", "[view]") {
  CHECK(format_value(2811.23) == "2811");
  CHECK(format_value(58836.0) == "58.8k");
  CHECK(format_value(15000) == "15k");
  CHECK(format_value(1.5e6) == "1.5M");
  CHECK(format_value(250e6) == "250M");
  CHECK(format_value(12.34) == "12.3");
  CHECK(format_value(0.15) == "0.15");
  CHECK(format_value(0) == "0");
  CHECK(format_value(-0.0) == "0");
  CHECK(format_value(-42) == "-42");
  CHECK(format_value(0.0001234) == "1.2e-04");
  CHECK(format_change(12) == "+12");
  CHECK(format_change(-0.5) == "-0.5");
  CHECK(format_change(0) == "0");
  CHECK(format_trend(3) == "▲ +3");
  CHECK(format_trend(-10) == "▼ -10");
  CHECK(format_trend(0) == "= 0");
}

TEST_CASE("clock labels are UTC, with seconds unless the ticks are whole minutes", "[view]") {
  const int64_t s = 1000000000;
  CHECK(format_clock(1700000000 * s, 10 * s) == "22:13:20");
  CHECK(format_clock(1700000000 * s, 60 * s) == "22:13");
  CHECK(format_clock(-1, s) == "23:59:59");
}
