#include <catch2/catch.hpp>

#include "view/plain_summary.hpp"

using namespace rivulet;

TEST_CASE("plain summaries are an aligned table of latest values, changes and ranges", "[view]") {
  constexpr int64_t kS = 1000000000;
  ViewSpec spec;
  spec.fields = {"bitrate_kbps_avg"};
  spec.counters = {"viewers"};
  spec.by = "stream";
  SeriesStore store(2, spec.span_ns, 8);
  store.key_index("\"cam-1\"", "cam-1");
  store.key_index("\"cam-22\"", "cam-22");
  store.add(0, 0, 1700000000 * kS, 2811.25);
  store.add(0, 0, 1700000010 * kS, 2500);
  store.add(0, 1, 1700000010 * kS, 58836);
  store.add(1, 0, 1700000010 * kS, 7);
  std::string out;
  append_plain_summary(store, spec, 12, &out);
  CHECK(out ==
        "2023-11-14T22:13:30Z  12 lines, 2 keys\n"
        "  metric            key     latest   change    min      max\n"
        "  bitrate_kbps_avg  cam-1     2500  -311.25   2500  2811.25\n"
        "  bitrate_kbps_avg  cam-22   58836        -  58836    58836\n"
        "  viewers           cam-1        7        -      7        7\n");
}

TEST_CASE("plain values keep two decimals at most", "[view]") {
  CHECK(format_plain_value(2811.254) == "2811.25");
  CHECK(format_plain_value(58836.0) == "58836");
  CHECK(format_plain_value(0.15000000000000002) == "0.15");
  CHECK(format_plain_value(0.000123) == "0.000123");
  CHECK(format_plain_value(-0.0) == "0");
  ViewSpec spec;
  spec.fields = {"x"};
  SeriesStore store(1, spec.span_ns, 8);
  std::string out;
  append_plain_summary(store, spec, 0, &out);
  CHECK(out == "no data yet  0 lines, 0 keys\n");
}
