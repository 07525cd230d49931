// The --checkpoint building blocks: marker lines, the ack file, the window stage's
// per-partition commit tracker.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "checkpoint/ack_file.hpp"
#include "checkpoint/marker.hpp"
#include "checkpoint/partition_commits.hpp"

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
  CHECK(line == R"({"rivulet.checkpoint":{"id":9,"end":true,"commit":{"frames/1":{"offset":40,"closed_through":1000},"frames/2":{"offset":41}}}})");
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
  CHECK_FALSE(
      parse_checkpoint_marker(R"({"rivulet.checkpoint":{"commit":{"a/1":{"closed_through":1}}}})", &m, &err));
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
  {
    std::ofstream(std::string(dir) + "/ack") << "garbage\n";
  }
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
