#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "window/session_engine.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kSec = 1000000000;

// Feeds events (seconds) in order of arrival with the watermark at the largest time, and
// collects closed sessions as "key first-last count values" in seconds.
struct Harness {
  Harness(int64_t gap_s, int64_t lateness_s)
      : engine(gap_s * kSec, lateness_s * kSec, [this](std::string_view key, const Session& s) {
          results.push_back(std::string(key) + " " + std::to_string(s.first_ns / kSec) + "-" +
                            std::to_string(s.last_ns / kSec) + " " + std::to_string(s.count) + " " +
                            s.first_values);
        }) {}

  Placement add(int64_t seconds, std::string_view key, std::string_view values = "") {
    int64_t t = seconds * kSec;
    Placement p = engine.add(t, key, values);
    if (t > watermark) watermark = t;
    engine.advance(watermark);
    return p;
  }

  std::vector<std::string> results;
  int64_t watermark = INT64_MIN;
  SessionEngine engine;
};

}  // namespace

TEST_CASE("sessions: events at most the gap apart form one session per key", "[session]") {
  Harness h(30, 0);
  h.add(0, "a", "s1");
  h.add(10, "b", "s2");
  h.add(30, "a", "x");  // exactly the gap after 0: same session, values of the first kept
  h.add(35, "b");
  CHECK(h.results.empty());
  h.add(61, "a", "s3");  // 31 s after a's last event: a new session; the watermark passed
                         // 30 + 30, so a's first session closes
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "a 0-30 2 s1");
  h.add(66, "b");
  REQUIRE(h.results.size() == 2);
  CHECK(h.results[1] == "b 10-35 2 s2");
  h.engine.close_all();
  REQUIRE(h.results.size() == 4);
  CHECK(h.results[2] == "a 61-61 1 s3");
  CHECK(h.results[3] == "b 66-66 1 ");
  CHECK(h.engine.sessions_closed() == 4);
  CHECK(h.engine.open_sessions() == 0);
}

TEST_CASE("sessions: out-of-order events join, extend backwards and bridge two sessions",
          "[session]") {
  Harness h(10, 100);  // lateness keeps everything open
  h.add(100, "k", "second");
  h.add(50, "k", "first");  // more than a gap before: a session of its own
  CHECK(h.engine.open_sessions() == 2);
  h.add(45, "k", "earlier");  // joins the session at 50 and becomes its first event
  h.add(75, "k");             // 25 after 50 and 25 before 100: a third session
  CHECK(h.engine.open_sessions() == 3);
  h.add(60, "k");  // 10 after 50: joins; 15 before 75: does not reach it
  CHECK(h.engine.open_sessions() == 3);
  h.add(68, "k");  // bridges 60 and 75 (8 and 7 apart): two sessions merge
  CHECK(h.engine.open_sessions() == 2);
  h.add(85, "k");  // extends 45..75, still 15 before 100
  CHECK(h.engine.open_sessions() == 2);
  h.add(92, "k");  // bridges 85 and 100
  CHECK(h.engine.open_sessions() == 1);
  h.engine.close_all();
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "k 45-100 8 earlier");
}

TEST_CASE("sessions: an event older than the watermark less the lateness is late", "[session]") {
  Harness h(10, 5);
  h.add(100, "k");
  CHECK(h.add(96, "k") == Placement::kAdded);  // within the lateness
  CHECK(h.add(94, "j") == Placement::kLate);   // 100 - 5 > 94
  h.add(116, "k");  // watermark 116 > 100 + 10 + 5: the session 96-100 closes
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "k 96-100 2 ");
  CHECK(h.add(110, "k") == Placement::kLate);  // would have joined a closed session
}

TEST_CASE("sessions: due order is last event + gap, ties in order of start", "[session]") {
  Harness h(10, 0);
  h.add(0, "long");
  h.add(5, "short");
  h.add(8, "long");
  h.add(8, "tie");
  h.engine.close_all();
  REQUIRE(h.results.size() == 3);
  CHECK(h.results[0] == "short 5-5 1 ");
  CHECK(h.results[1] == "long 0-8 2 ");
  CHECK(h.results[2] == "tie 8-8 1 ");
}

TEST_CASE("sessions: keys without sessions are forgotten, memory follows open sessions",
          "[session]") {
  Harness h(1, 0);
  for (int i = 0; i < 100000; ++i) h.add(i * 2, "viewer-" + std::to_string(i));
  CHECK(h.results.size() == 99999);
  CHECK(h.engine.open_sessions() == 1);
  CHECK(h.engine.keys_held() < 3000);
  h.add(200000, "viewer-99999");  // the key still held joins nothing: a new session
  h.engine.close_all();
  CHECK(h.results.back() == "viewer-99999 200000-200000 1 ");
}

TEST_CASE("sessions with --checkpoint: each open session keeps its oldest segment",
          "[session][checkpoint]") {
  Harness h(30, 0);
  auto open = [&] {
    std::vector<std::string> out;
    CHECK(h.engine.open_segments([&](std::string_view key, uint64_t segment) {
      out.push_back(std::string(key) + "@" + std::to_string(segment));
    }));
    return out;
  };
  h.engine.set_segment(1);
  h.add(0, "a");
  h.engine.set_segment(2);
  h.add(10, "a");   // joins: the session still needs segment 1
  h.add(100, "a");  // a new session of a (the first closes: 10 + 30 < 100)
  h.add(100, "b");
  CHECK(open() == std::vector<std::string>{"a@2", "b@2"});
  h.engine.set_segment(3);
  h.add(170, "c");  // closes a and b
  CHECK(open() == std::vector<std::string>{"c@3"});
  // Two sessions bridged by a later segment's event keep the older one's segment.
  Harness m(30, 100);
  m.engine.set_segment(5);
  m.add(0, "k");
  m.engine.set_segment(6);
  m.add(50, "k");
  m.engine.set_segment(7);
  m.add(25, "k");  // bridges 0 and 50
  std::vector<std::string> got;
  m.engine.open_segments([&](std::string_view key, uint64_t segment) {
    got.push_back(std::string(key) + "@" + std::to_string(segment));
  });
  CHECK(got == std::vector<std::string>{"k@5"});
}

TEST_CASE("sessions with --checkpoint: closed bound, and stored sessions not written again",
          "[session][checkpoint]") {
  Harness h(30, 5);
  CHECK_FALSE(h.engine.closed_through().has_value());
  h.add(100, "a");
  // Closed: every session ending (last + gap) before watermark - lateness.
  CHECK(h.engine.closed_through() == std::optional<int64_t>(95 * kSec - 1));
  CHECK(h.engine.last_window_end(100 * kSec) == 130 * kSec);
  // A restart resumes with a stored bound of 130 s: a session ending at or before it was
  // written by the earlier run (what is read again may be only its tail): not written.
  SessionEngine& e = h.engine;
  e.add(110 * kSec, "b", "", 130 * kSec);  // ends at 140 at least: written
  e.add(99 * kSec, "c", "", 130 * kSec);   // ends at 129: stored already
  e.add(100 * kSec, "d", "", 130 * kSec);  // ends exactly at 130: stored already
  e.close_all();
  CHECK(h.results == std::vector<std::string>{"a 100-100 1 ", "b 110-110 1 "});
  CHECK(e.sessions_stored() == 2);
  CHECK(e.progress() == "4 sessions, 2 of them stored already, 0 sessions open");
}
