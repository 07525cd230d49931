#include "replay/replayer.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "io/diagnostics.hpp"
#include "io/line_reader.hpp"
#include "test_support.hpp"

using namespace rivulet;

namespace {
// The cases below write times as small millisecond numbers, which auto would read as seconds.
ReplayOptions millis() {
  ReplayOptions o;
  o.time = EventTimeReader(FieldPath("ts"), TimeUnit::kMillis);
  return o;
}
}  // namespace

namespace {

struct Harness {
  ManualClock clock;
  std::FILE* err = std::tmpfile();
  Pacer pacer{1, &clock};
  OutputWriter out{-1};
  Diagnostics diagnostics{"replay", err};

  std::string run(Replayer& r, const std::vector<std::string>& lines) {
    uint64_t n = 0;
    for (const std::string& l : lines) {
      std::string padded = l + std::string(kLinePadding, ' ');
      REQUIRE(r.process(std::string_view(padded.data(), l.size()), "in", ++n));
    }
    std::string text = out.buffer();
    out.buffer().clear();
    return text;
  }
  std::string errors() { return rivulet_test::stream_contents(err); }
};

}  // namespace

TEST_CASE("replay keeps input order and gaps; passes through lines without a time") {
  Harness h;
  Replayer r(millis(), &h.pacer, &h.out, &h.diagnostics);
  std::string got = h.run(r, {R"({"ts":1000,"a":1})", R"({"ts":1100,"a":2})", R"({"a":3})",
                              R"({"ts":1050,"a":4})", R"({"ts":1400,"a":5})", "not json"});
  CHECK(got ==
        "{\"ts\":1000,\"a\":1}\n{\"ts\":1100,\"a\":2}\n{\"a\":3}\n{\"ts\":1050,\"a\":4}\n"
        "{\"ts\":1400,\"a\":5}\n");
  CHECK(h.clock.sleeps() == std::vector<int64_t>{100000000, 300000000});
  CHECK(h.errors() ==
        "replay: in:1: time 1970-01-01T00:00:01Z is before 2000 (are the numbers in the unit "
        "--time-unit says? only the first such time is reported)\n"
        "replay: in:3: missing field \"ts\"; passed through without waiting\n"
        "replay: in:6: invalid JSON: Problem while parsing an atom starting with the letter 'n'\n");
  CHECK(h.diagnostics.bad_lines() == 1);
  CHECK(h.diagnostics.warnings() == 2);
}

TEST_CASE("retime moves the first event to the given time, keeps gaps and the time's form") {
  Harness h;
  ReplayOptions o = millis();
  o.retime = true;
  o.retime_to_ns = 1700000000000000000LL;
  Replayer r(o, &h.pacer, &h.out, &h.diagnostics);
  std::string got = h.run(r, {R"({"ts":1000,"x":"a"})", R"({"x":"b", "ts" : 1250 })",
                              R"({"ts":"1970-01-01T00:00:01.5Z"})"});
  CHECK(got ==
        "{\"ts\":1700000000000,\"x\":\"a\"}\n{\"x\":\"b\", \"ts\" : 1700000000250 }\n"
        "{\"ts\":\"2023-11-14T22:13:20.500Z\"}\n");
}

TEST_CASE("looped passes continue forward in time, one mean gap after the previous pass") {
  Harness h;
  Replayer r(millis(), &h.pacer, &h.out, &h.diagnostics);
  std::vector<std::string> lines = {R"({"ts":1000})", R"({"ts":1100})", R"({"ts":1200})"};
  r.begin_loop(0);
  h.run(r, lines);
  r.begin_loop(1);
  CHECK(h.run(r, lines) == "{\"ts\":1300}\n{\"ts\":1400}\n{\"ts\":1500}\n");
  CHECK(h.clock.sleeps() == std::vector<int64_t>(5, 100000000));
}

TEST_CASE("a looped capture of several streams keeps each stream's interval at the seam") {
  Harness h;
  ReplayOptions o = millis();
  o.looping = true;
  Replayer r(o, &h.pacer, &h.out, &h.diagnostics);
  // Two streams at 10 fps, interleaved: 8 events over 350 ms, a mean gap of 50 ms overall
  // but 100 ms within each stream.
  std::vector<std::string> lines;
  for (int i = 0; i < 4; ++i) {
    lines.push_back(R"({"ts":)" + std::to_string(1000 + 100 * i) + R"(,"stream":"a"})");
    lines.push_back(R"({"ts":)" + std::to_string(1050 + 100 * i) + R"(,"stream":"b"})");
  }
  r.begin_loop(0);
  h.run(r, lines);
  r.begin_loop(1);
  std::string second = h.run(r, lines);
  // Stream a's last event was at 1300, b's at 1350: both come back 100 ms later.
  CHECK(second.substr(0, second.find('\n')) == R"({"ts":1400,"stream":"a"})");
  CHECK(second.find(R"({"ts":1450,"stream":"b"})") != std::string::npos);
}

TEST_CASE("a looped period is rounded up to the resolution of the captured times") {
  Harness h;
  ReplayOptions o = millis();
  o.looping = true;
  Replayer r(o, &h.pacer, &h.out, &h.diagnostics);
  // 30 fps written in whole milliseconds: 0, 33, 66, 100; the period is 133.33 ms, not 132.
  std::vector<std::string> lines = {R"({"ts":1000})", R"({"ts":1033})", R"({"ts":1066})",
                                    R"({"ts":1100})"};
  r.begin_loop(0);
  h.run(r, lines);
  r.begin_loop(1);
  CHECK(h.run(r, lines).substr(0, 11) == R"({"ts":1134})");
}
