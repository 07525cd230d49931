// The --checkpoint building blocks: marker lines, the ack file, the window stage's
// per-partition commit tracker.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "checkpoint/ack_file.hpp"
#include "checkpoint/checkpoint_source.hpp"
#include "checkpoint/marker.hpp"
#include "checkpoint/partition_commits.hpp"
#include "window/checkpoint_keys.hpp"
#include "window/checkpoint_partition_windows.hpp"
#include "window/session_engine.hpp"

using namespace rivulet;

namespace {

CheckpointMarker round_trip(const CheckpointMarker& m) {
  std::string line, err;
  format_checkpoint_marker(m, &line);
  REQUIRE(is_checkpoint_line(line));
  CheckpointMarker back;
  REQUIRE(parse_checkpoint_marker(line, &back, &err));
  return back;
}

}  // namespace

TEST_CASE("checkpoint markers format as documented and parse back", "[checkpoint]") {
  CheckpointMarker m;
  m.id = 7;
  m.positions = {{"frames/0", 12}, {"frames/3", 1234}};
  std::string line;
  format_checkpoint_marker(m, &line);
  CHECK(line == R"({"rivulet.checkpoint":{"id":7,"positions":{"frames/0":12,"frames/3":1234}}})");
  CheckpointMarker back = round_trip(m);
  CHECK(back.kind == CheckpointMarker::Kind::kPositions);
  CHECK(back.id == 7);
  CHECK(back.positions == m.positions);
  CHECK_FALSE(back.end);

  CheckpointMarker c;
  c.kind = CheckpointMarker::Kind::kCommit;
  c.id = 9;
  c.end = true;
  c.commit["frames/1"] = PartitionCommit{40, 1000};
  c.commit["frames/2"] = PartitionCommit{41, std::nullopt};
  line.clear();
  format_checkpoint_marker(c, &line);
  CHECK(
      line ==
      R"({"rivulet.checkpoint":{"id":9,"end":true,"commit":{"frames/1":{"offset":40,"closed_through":1000},"frames/2":{"offset":41}}}})");
  back = round_trip(c);
  CHECK(back.kind == CheckpointMarker::Kind::kCommit);
  CHECK(back.end);
  CHECK(back.commit == c.commit);

  CheckpointMarker a;
  a.kind = CheckpointMarker::Kind::kAssigned;
  a.assigned = {{"t/0", 5}, {"t/1", std::nullopt}};
  back = round_trip(a);
  CHECK(back.kind == CheckpointMarker::Kind::kAssigned);
  CHECK(back.assigned == a.assigned);

  CheckpointMarker r;
  r.kind = CheckpointMarker::Kind::kRevoked;
  r.revoked = {"t/0", "t/2"};
  back = round_trip(r);
  CHECK(back.kind == CheckpointMarker::Kind::kRevoked);
  CHECK(back.revoked == r.revoked);
}

TEST_CASE("event lines are not markers; broken markers are errors", "[checkpoint]") {
  CHECK_FALSE(is_checkpoint_line(R"({"ts":1,"rivulet.checkpoint":{}})"));
  CHECK_FALSE(is_checkpoint_line(R"({"ts":1})"));
  CheckpointMarker m;
  std::string err;
  CHECK_FALSE(parse_checkpoint_marker(R"({"rivulet.checkpoint":3})", &m, &err));
  CHECK_FALSE(parse_checkpoint_marker(R"({"rivulet.checkpoint":{"id":"x"}})", &m, &err));
  CHECK_FALSE(parse_checkpoint_marker(
      R"({"rivulet.checkpoint":{"commit":{"a/1":{"closed_through":1}}}})", &m, &err));
}

TEST_CASE("source names and commit metadata", "[checkpoint]") {
  CHECK(source_name("frames", 3) == "frames/3");
  std::string topic;
  int32_t p = -1;
  CHECK(split_source_name("a/b/12", &topic, &p));
  CHECK(topic == "a/b");
  CHECK(p == 12);
  CHECK_FALSE(split_source_name("frames", &topic, &p));
  CHECK_FALSE(split_source_name("frames/x", &topic, &p));
  CHECK(commit_metadata(123) == "closed_through=123");
  CHECK(commit_metadata(std::nullopt).empty());
  CHECK(parse_commit_metadata("closed_through=-5") == std::optional<int64_t>(-5));
  CHECK_FALSE(parse_commit_metadata("").has_value());
  CHECK_FALSE(parse_commit_metadata("closed_through=5x").has_value());
  CHECK_FALSE(parse_commit_metadata("something else").has_value());
}

TEST_CASE("the ack file is replaced whole and read once per change", "[checkpoint]") {
  char dir[] = "/tmp/rivulet-ack-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  AckReader reader(dir);
  std::string err;
  CHECK_FALSE(reader.poll(&err).has_value());  // no file yet
  CheckpointMarker positions;
  positions.id = 3;
  positions.positions = {{"t/0", 10}};
  write_ack(dir, commit_of_positions(positions));
  auto ack = reader.poll(&err);
  REQUIRE(ack.has_value());
  CHECK(ack->id == 3);
  CHECK(ack->commit.at("t/0") == PartitionCommit{10, std::nullopt});
  CHECK_FALSE(reader.poll(&err).has_value());  // unchanged
  { std::ofstream(std::string(dir) + "/ack") << "garbage\n"; }
  CHECK_FALSE(reader.poll(&err).has_value());
  CHECK(err.find("/ack") != std::string::npos);
  std::remove((std::string(dir) + "/ack").c_str());
  rmdir(dir);
}

TEST_CASE("a partition resumes at its oldest segment with an open window", "[checkpoint]") {
  PartitionCommits commits;
  commits.assigned("t/0", std::nullopt);
  // Before the first marker the resume offset is not known: nothing to commit yet.
  commits.event("t/0", 10);
  auto c = commits.marker({{"t/0", 100}}, std::nullopt);
  CHECK(c.empty());
  // Window ending at 10 emitted: the first segment is done, resume at the marker.
  c = commits.marker({{"t/0", 100}}, 10);
  REQUIRE(c.count("t/0") == 1);
  CHECK(c["t/0"] == PartitionCommit{100, 10});
  // Events into the window ending at 20, across two markers: resume where it began.
  commits.event("t/0", 20);
  c = commits.marker({{"t/0", 150}}, 10);
  CHECK(c["t/0"] == PartitionCommit{100, 10});
  commits.event("t/0", 20);
  commits.event("t/0", 30);
  c = commits.marker({{"t/0", 200}}, 10);
  CHECK(c["t/0"] == PartitionCommit{100, 10});
  // Window 20 closes: the segment [150, 200) still feeds window 30.
  c = commits.marker({{"t/0", 210}}, 20);
  CHECK(c["t/0"] == PartitionCommit{150, 20});
  c = commits.marker({{"t/0", 220}}, 30);
  CHECK(c["t/0"] == PartitionCommit{220, 30});
}

TEST_CASE("a stored bound from the committed metadata counts as emitted", "[checkpoint]") {
  PartitionCommits commits;
  commits.assigned("t/1", 50);
  CHECK(commits.stored_through("t/1") == std::optional<int64_t>(50));
  CHECK_FALSE(commits.stored_through("t/2").has_value());
  auto c = commits.marker({{"t/1", 5}}, std::nullopt);
  CHECK(c["t/1"] == PartitionCommit{5, 50});
  commits.event("t/1", 40);  // a stored window's event, skipped
  c = commits.marker({{"t/1", 6}}, std::nullopt);
  CHECK(c["t/1"] == PartitionCommit{6, 50});
  commits.event("t/1", 60);
  c = commits.marker({{"t/1", 7}}, 55);
  CHECK(c["t/1"] == PartitionCommit{6, 55});
  commits.revoked("t/1");
  c = commits.marker({}, 100);
  CHECK(c.empty());
}

TEST_CASE("ksub's checkpoint source tags events and marks positions", "[checkpoint]") {
  char dir[] = "/tmp/rivulet-src-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  CheckpointSource source(dir, 1000, 50);
  std::string out;
  source.assigned({{"t/0", {7, "closed_through=90"}}, {"t/1", {-1, ""}}}, &out);
  CHECK(out ==
        "{\"rivulet.checkpoint\":{\"assigned\":{\"t/0\":{\"closed_through\":90},\"t/1\":{}}}}\n");
  out.clear();
  // Nothing written yet: no marker.
  CHECK_FALSE(source.maybe_marker(0, &out));
  out = "{\"a\":1}\n";
  source.tag(&out, 0, "t/1", 4);
  CHECK(out == "{\"a\":1,\"rivulet.source\":\"t/1\"}\n");
  size_t start = out.size();
  out += "{ }\n";
  source.tag(&out, start, "t/1", 5);
  CHECK(out.substr(start) == "{ \"rivulet.source\":\"t/1\"}\n");  // no comma after "{"
  start = out.size();
  out += "[1]\n";  // not an object: left alone
  source.tag(&out, start, "t/1", 6);
  CHECK(out.substr(start) == "[1]\n");
  out.clear();
  CHECK(source.maybe_marker(0, &out));
  CHECK(out == "{\"rivulet.checkpoint\":{\"id\":50,\"positions\":{\"t/0\":7,\"t/1\":7}}}\n");
  out.clear();
  source.passed("t/0", 9);
  CHECK_FALSE(source.maybe_marker(500, &out));  // within the interval
  CHECK(source.maybe_marker(1000, &out));
  CHECK(source.last_marker_id() == 51);

  // Acknowledgements: only forward, only partitions read, until committed.
  std::string err;
  CheckpointMarker ack;
  ack.kind = CheckpointMarker::Kind::kCommit;
  ack.id = 51;
  ack.commit = {{"t/0", {5, 80}}, {"t/1", {7, 100}}, {"t/9", {1, 1}}};
  write_ack(dir, ack);
  auto commits = source.acknowledged(&err);
  CHECK(err.empty());
  CHECK(source.acknowledged_id() == 51);
  REQUIRE(commits.size() == 1);  // t/0 would go back from 7; t/9 is not read here
  CHECK(commits[0].first == "t/1");
  CHECK(commits[0].second == std::make_pair(int64_t{7}, std::string("closed_through=100")));
  CHECK(source.acknowledged(&err).size() == 1);  // not committed yet: offered again
  source.committed(commits);
  CHECK(source.acknowledged(&err).empty());
  out.clear();
  source.revoked({"t/1"}, &out);
  CHECK(out == "{\"rivulet.checkpoint\":{\"revoked\":[\"t/1\"]}}\n");
  std::remove((std::string(dir) + "/ack").c_str());
  rmdir(dir);
}

TEST_CASE("window keys are kept per source and assignment; discarded ones are not written",
          "[checkpoint]") {
  CheckpointKeys keys;
  std::string buffer;
  std::string a0(keys.engine_key("t/0", "\"cam-1\"", &buffer));
  std::string b0(keys.engine_key("t/1", "\"cam-2\"", &buffer));
  CHECK(a0 != b0);
  std::string_view key;
  CHECK(keys.result_key(a0, &key));
  CHECK(key == "\"cam-1\"");
  keys.discard("t/0");
  CHECK_FALSE(keys.result_key(a0, &key));  // the old assignment's rows
  CHECK(keys.result_key(b0, &key));
  std::string a1(keys.engine_key("t/0", "\"cam-1\"", &buffer));
  CHECK(a1 != a0);  // a fresh row for the new assignment
  CHECK(keys.result_key(a1, &key));
  CHECK(key == "\"cam-1\"");
  CHECK(keys.result_key("plain", &key));  // without a tag: as it is
  CHECK(key == "plain");
}

TEST_CASE("a segment holding an event of an open session is not done, whatever its ends",
          "[checkpoint]") {
  PartitionCommits commits;
  commits.assigned("t/0", std::nullopt);
  commits.assigned("t/1", std::nullopt);
  commits.marker({{"t/0", 10}, {"t/1", 20}}, std::nullopt);
  uint64_t first = commits.current_segment("t/0");
  commits.event("t/0", 5);
  commits.event("t/1", 5);
  commits.marker({{"t/0", 30}, {"t/1", 40}}, std::nullopt);
  CHECK(commits.current_segment("t/0") != first);
  // Every end passed, but a session of t/0 still holds an event of the first segment.
  std::map<std::string, uint64_t, std::less<>> open{{"t/0", first}};
  auto c = commits.marker({{"t/0", 50}, {"t/1", 60}}, 100, &open);
  CHECK(c["t/0"] == PartitionCommit{10, 100});
  CHECK(c["t/1"] == PartitionCommit{60, 100});
  open.clear();
  c = commits.marker({{"t/0", 70}, {"t/1", 80}}, 100, &open);
  CHECK(c["t/0"] == PartitionCommit{70, 100});
}

TEST_CASE("live sources of engine keys: void and untagged rows have none", "[checkpoint]") {
  CheckpointKeys keys;
  std::string buffer;
  std::string a0(keys.engine_key("t/0", "\"cam-1\"", &buffer));
  std::string_view source;
  REQUIRE(keys.live_source(a0, &source));
  CHECK(source == "t/0");
  keys.discard("t/0");
  CHECK_FALSE(keys.live_source(a0, &source));
  CHECK_FALSE(keys.live_source("plain", &source));
}

TEST_CASE("a partition assigned behind the watermark closes its windows on its own time",
          "[checkpoint]") {
  constexpr int64_t kSec = 1000000000;
  std::vector<std::string> results;
  PartitionWindows windows(
      [&] {
        return std::make_unique<SessionEngine>(
            10 * kSec, 0, [&](std::string_view key, const Session& s) {
              std::string_view k;
              CHECK(CheckpointKeys().result_key(key, &k));
              results.push_back(fmt::format("{} {}-{}", k, s.first_ns / kSec, s.last_ns / kSec));
            });
      },
      0);
  CheckpointKeys keys;
  std::string buffer;
  int64_t watermark = 0;
  auto add = [&](const char* source, int64_t seconds, const char* key) {
    Placement p = windows.add(seconds * kSec, keys.engine_key(source, key, &buffer));
    watermark = std::max(watermark, seconds * kSec);
    windows.advance(watermark);
    return p;
  };
  add("t/0", 90, "a");
  add("t/0", 100, "a");
  CHECK(windows.closed_through_of(keys.tag_of("t/0")) == std::optional<int64_t>(100 * kSec - 1));
  // t/1, just assigned, is read from an older offset: in one engine these would be late.
  CHECK(add("t/1", 10, "b") == Placement::kAdded);
  add("t/1", 12, "b");
  CHECK(results.empty());
  CHECK(windows.closed_through_of(keys.tag_of("t/1")) == std::optional<int64_t>(12 * kSec - 1));
  add("t/1", 30, "b");  // its own time passes 12 + 10: b's first session closes, whole
  CHECK(results == std::vector<std::string>{"b 10-12"});
  add("t/1", 100, "b");  // caught up: from now on the shared watermark closes its windows
  add("t/0", 120, "a");
  CHECK(results == std::vector<std::string>{"b 10-12", "b 30-30", "a 90-100", "b 100-100"});
  CHECK(windows.partitions() == 2);
  // A revoked partition's windows go unwritten.
  add("t/1", 125, "b");
  windows.discard(keys.tag_of("t/1"));
  CHECK(windows.partitions() == 1);
  windows.close_all();
  CHECK(results.back() == "a 120-120");
}

TEST_CASE("a marker with escapes and repeated keys formats back to itself (found by fuzzing)",
          "[checkpoint]") {
  CheckpointMarker m;
  std::string err;
  REQUIRE(parse_checkpoint_marker(
      R"({"rivulet.checkpoint":{"id":1,"positions":{"a\\b/0":3,"t/1":4,"t/1":5}}})", &m, &err));
  CHECK(m.positions.at("a\\b/0") == 3);
  CHECK(m.positions.at("t/1") == 4);  // a repeated key: the first wins, as everywhere
  std::string once;
  format_checkpoint_marker(m, &once);
  CHECK(once == R"({"rivulet.checkpoint":{"id":1,"positions":{"a\\b/0":3,"t/1":4}}})");
  CheckpointMarker again;
  REQUIRE(parse_checkpoint_marker(once, &again, &err));
  CHECK(again.positions == m.positions);
}
