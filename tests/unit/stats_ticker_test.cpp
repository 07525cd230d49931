#include "io/stats_ticker.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "test_support.hpp"

using namespace rivulet;

namespace {

StatsRecord sample() {
  StatsRecord r;
  r.count("events", 3000).count("bad_lines", 2).note("windows", "4 windows open").rate_of("events");
  return r;
}

}  // namespace

TEST_CASE("stats text: counters spaced, the note as is, the rate and the elapsed time", "[stats]") {
  CHECK(format_stats_text(sample(), 2'000'000'000) ==
        "stats: 3000 events, 2 bad lines, 4 windows open, 1500 events/s, 2.0 s");
  StatsRecord q;
  q.count("points", 5).quantity("latency_max", 1.25, "ms");
  CHECK(format_stats_text(q, 500'000'000) == "stats: 5 points, latency max 1.2 ms, 0.5 s");
  // No division by zero at the very start.
  CHECK(format_stats_text(sample(), 0) ==
        "stats: 3000 events, 2 bad lines, 4 windows open, 0 events/s, 0.0 s");
}

TEST_CASE("stats ndjson: one object with snake_case keys", "[stats]") {
  CHECK(format_stats_ndjson("win-avg", sample(), 2'000'000'000, false) ==
        R"({"stats":"tick","tool":"win-avg","elapsed_s":2.0,"events":3000,"bad_lines":2,)"
        R"("windows":"4 windows open","events_per_s":1500.0})");
  CHECK(format_stats_ndjson("kpub", StatsRecord().count("delivered", 1), 1'000'000'000, true) ==
        R"({"stats":"final","tool":"kpub","elapsed_s":1.0,"delivered":1})");
}

TEST_CASE("stats formats parse", "[stats]") {
  StatsFormat f = StatsFormat::kOff;
  CHECK(parse_stats_format("ndjson", &f));
  CHECK(f == StatsFormat::kNdjson);
  CHECK(parse_stats_format("text", &f));
  CHECK(f == StatsFormat::kText);
  CHECK_FALSE(parse_stats_format("json", &f));
}

TEST_CASE("stats ticker: due once a second, final once", "[stats]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  Diagnostics diag("tool", f);
  ManualClock clock(100);
  StatsTicker ticker(StatsFormat::kText, &diag, &clock);
  CHECK_FALSE(ticker.due());
  clock.advance(999'999'999);
  CHECK_FALSE(ticker.due());
  clock.advance(1);
  REQUIRE(ticker.due());
  ticker.tick(StatsRecord().count("events", 1));
  CHECK_FALSE(ticker.due());
  int built = 0;
  ticker.maybe_tick([&] {
    ++built;
    return StatsRecord();
  });
  CHECK(built == 0);  // a record is built only when due
  clock.advance(500'000'000);
  ticker.finish(StatsRecord().count("events", 2));
  ticker.finish(StatsRecord().count("events", 3));
  CHECK(rivulet_test::stream_contents(f) ==
        "tool: stats: 1 events, 1.0 s\ntool: stats: 2 events, 1.5 s\n");
  std::fclose(f);
}

TEST_CASE("stats ticker: off prints nothing unless stderr is a terminal at exit", "[stats]") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f);
  Diagnostics diag("tool", f);
  ManualClock clock;
  StatsTicker off(StatsFormat::kOff, &diag, &clock);
  clock.advance(5'000'000'000);
  CHECK_FALSE(off.due());
  off.finish(StatsRecord().count("events", 1));
  StatsTicker terminal(StatsFormat::kOff, &diag, &clock, true);
  terminal.finish(StatsRecord().count("events", 7));
  StatsTicker ndjson(StatsFormat::kNdjson, &diag, &clock);
  ndjson.finish(StatsRecord().count("events", 8));
  CHECK(rivulet_test::stream_contents(f) ==
        "tool: stats: 7 events, 0.0 s\n"
        R"({"stats":"final","tool":"tool","elapsed_s":0.0,"events":8})"
        "\n");
  std::fclose(f);
}
