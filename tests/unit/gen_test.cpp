#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "gen/bitrate_model.hpp"
#include "gen/frame_generator.hpp"
#include "gen/random.hpp"
#include "gen/viewer_generator.hpp"
#include "io/line_reader.hpp"
#include "json/json_line.hpp"

using namespace rivulet;

namespace {

// Generates `n` events into one string.
template <typename Generator>
std::string generate(Generator& g, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) g.next(out);
  return out;
}

}  // namespace

TEST_CASE("the random generator is reproducible and roughly uniform") {
  Random a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) REQUIRE(a.next() == b.next());
  CHECK(a.next() != c.next());
  Random r(7);
  double sum = 0, sq = 0;
  for (int i = 0; i < 100000; ++i) {
    double n = r.normal();
    sum += n;
    sq += n * n;
  }
  CHECK(std::abs(sum / 100000) < 0.02);
  CHECK(std::abs(sq / 100000 - 1) < 0.03);
  double mean = 0;
  for (int i = 0; i < 20000; ++i) mean += r.poisson(3.0);
  CHECK(std::abs(mean / 20000 - 3.0) < 0.1);
}

TEST_CASE("frames: same seed and options give identical output; another seed differs") {
  GeneratorOptions o;
  o.streams = 3;
  o.start_ns = 1700000000000000000LL;
  o.seed = 5;
  FrameGenerator a(o), b(o);
  CHECK(generate(a, 3000) == generate(b, 3000));
  o.seed = 6;
  FrameGenerator c(o);
  FrameGenerator d(o);
  o.seed = 5;
  FrameGenerator e(o);
  CHECK(generate(c, 300) != generate(e, 300));
}

TEST_CASE("frames follow the schema, spaced 1/fps apart, streams in order within a tick") {
  GeneratorOptions o;
  o.streams = 2;
  o.start_ns = 1700000000000000000LL;
  FrameGenerator g(o);
  std::string out;
  g.next(out);
  g.next(out);
  g.next(out);
  CHECK(out.substr(0, out.find('\n'))
            .rfind("{\"ts\":1700000000000,\"stream\":\"cam-1\",\"seq\":0,\"width\":", 0) == 0);
  size_t second = out.find('\n') + 1;
  CHECK(out.substr(second).rfind("{\"ts\":1700000000000,\"stream\":\"cam-2\",\"seq\":0,", 0) == 0);
  size_t third = out.find('\n', second) + 1;
  CHECK(out.substr(third).rfind("{\"ts\":1700000000033,\"stream\":\"cam-1\",\"seq\":1,", 0) == 0);
  CHECK(out.find("\"keyframe\":true") != std::string::npos);
}

TEST_CASE("bitrate model: keyframes every GOP, average near the rung, pinned never switches") {
  BitrateModel pinned(1, 30, rung_for_resolution(1280, 720));
  double bytes = 0;
  int keyframes = 0;
  const int frames = 30 * 600;  // ten minutes
  for (int i = 0; i < frames; ++i) {
    Frame f = pinned.next();
    REQUIRE(f.width == 1280);
    REQUIRE(f.height == 720);
    bytes += static_cast<double>(f.bytes);
    keyframes += f.keyframe;
  }
  double kbps = bytes * 8 / 600 / 1000;
  // Network dips pull the average below 2800 kbps, scene cuts push it up; stay in range.
  CHECK(kbps > 2000);
  CHECK(kbps < 3400);
  // One keyframe per 2 s GOP plus scene cuts (about one per 20 s).
  CHECK(keyframes >= 300);
  CHECK(keyframes <= 360);
}

TEST_CASE("bitrate model: adaptive streams switch down in dips and come back up") {
  BitrateModel adaptive(3, 30, 3);  // aims at 1080p
  std::map<int, int> frames_at_height;
  int downswitches = 0, upswitches = 0, last = 1080;
  for (int i = 0; i < 30 * 1800; ++i) {  // thirty minutes
    Frame f = adaptive.next();
    if (f.height < last) ++downswitches;
    if (f.height > last) ++upswitches;
    last = f.height;
    ++frames_at_height[f.height];
  }
  CHECK(downswitches >= 5);
  CHECK(upswitches >= 5);
  CHECK(frames_at_height[1080] > frames_at_height[720]);  // mostly at its top rung
  CHECK(frames_at_height.count(2160) == 0);               // never above it
}

TEST_CASE("viewers leave more often on low bitrate, after a switch down, and in a dip") {
  DropOffModel m;
  double healthy = m.leave_probability(5000, 1e9, false);
  CHECK(m.leave_probability(800, 1e9, false) > 5 * healthy);
  CHECK(m.leave_probability(5000, 3, false) > healthy);
  CHECK(m.leave_probability(5000, 1e9, true) > healthy);
}

TEST_CASE("viewer events: joins, a beat a second, leaves; in time order; reproducible") {
  GeneratorOptions o;
  o.streams = 2;
  o.start_ns = 1700000000000000000LL;
  o.seed = 9;
  ViewerGenerator a(o, 50), b(o, 50);
  std::string out = generate(a, 20000);
  CHECK(out == generate(b, 20000));
  JsonLineParser parser;
  std::map<std::string, std::string> state;  // viewer -> last event
  int64_t last_ts = 0;
  int joins = 0, leaves = 0, beats = 0;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t nl = out.find('\n', pos);
    std::string line = out.substr(pos, nl - pos) + std::string(kLinePadding, ' ');
    pos = nl + 1;
    std::string err;
    int64_t ts;
    std::string_view viewer, event;
    std::string text = line.substr(0, line.size() - kLinePadding);
    JsonDocument d2;
    REQUIRE(parser.parse(std::string_view(line.data(), text.size()), &d2, &err));
    REQUIRE(get_int64(d2, FieldPath("ts"), &ts, &err) == FieldStatus::kOk);
    REQUIRE(get_string(d2, FieldPath("viewer"), &viewer, &err) == FieldStatus::kOk);
    std::string v(viewer);
    REQUIRE(get_string(d2, FieldPath("event"), &event, &err) == FieldStatus::kOk);
    std::string e(event);
    REQUIRE(ts >= last_ts);
    last_ts = ts;
    if (e == "join") {
      REQUIRE(state.count(v) == 0);
      ++joins;
    } else {
      REQUIRE(state.count(v) == 1);  // beats and leaves only after a join
      REQUIRE(state[v] != "leave");
      if (e == "leave")
        ++leaves;
      else
        ++beats;
    }
    state[v] = e;
  }
  CHECK(joins >= 50);
  CHECK(leaves > 0);
  CHECK(beats > joins);
}
