// ksub's commit and resume bookkeeping, deterministic and without a broker.

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "kafka/commit_ledger.hpp"

using namespace rivulet;

namespace {

using Offsets = std::vector<std::pair<TopicPartition, int64_t>>;

const TopicPartition a{"t", 0}, b{"t", 1}, c{"u", 3};

}  // namespace

TEST_CASE("commit ledger: only flushed lines' offsets are committed, the next offset to read") {
  CommitLedger ledger;
  CHECK(ledger.assign({a, b}).empty());
  CHECK(ledger.flushed().empty());
  ledger.written(a, 10);
  ledger.written(a, 11);
  ledger.written(b, 4);
  CHECK(ledger.flushed() == Offsets{{a, 12}, {b, 5}});
  CHECK(ledger.flushed().empty());  // taken once
  ledger.written(c, 7);             // not assigned: fetched before a revoke
  CHECK(ledger.flushed().empty());
}

TEST_CASE("commit ledger: written but not flushed when revoked commits nothing") {
  CommitLedger ledger;
  ledger.assign({a, b});
  ledger.written(a, 10);
  ledger.written(b, 3);
  ledger.revoke({a});
  CHECK(ledger.flushed() == Offsets{{b, 4}});
  CHECK_FALSE(ledger.is_assigned(a));
}

TEST_CASE("commit ledger: a partition whose commit was refused resumes where this member stopped") {
  CommitLedger ledger;
  ledger.assign({a, b});
  ledger.written(a, 10);
  ledger.written(b, 20);
  ledger.flushed();
  // The commit made while revoking was refused (a mock broker mid-rebalance): both stay
  // uncommitted. a comes back to this member, b went elsewhere.
  ledger.revoke({a, b});
  CHECK(ledger.assign({a, c}) == Offsets{{a, 11}});
  ledger.revoke({a, c});
  // b's entry went with the rebalance that gave b to another member: its commits rule now.
  CHECK(ledger.assign({a, b}) == Offsets{{a, 11}});  // a is still uncommitted
  ledger.revoke({b});
  ledger.committed();
  ledger.revoke({a});
  CHECK(ledger.assign({a}).empty());  // committed: the broker's offset is right
}

TEST_CASE("commit ledger: without commits of written lines, nothing is stored or resumed") {
  CommitLedger ledger(false);
  ledger.assign({a});
  ledger.written(a, 10);
  CHECK(ledger.flushed().empty());
  ledger.revoke({a});
  CHECK(ledger.assign({a}).empty());
}

TEST_CASE("commit ledger: acknowledged checkpoint offsets only for partitions still read") {
  CommitLedger ledger(false);
  ledger.assign({a, c});
  AcknowledgedOffsets acks = {{"t/0", {15, "closed_through=5"}},
                              {"t/1", {9, ""}},
                              {"u/3", {2, ""}},
                              {"no partition", {1, ""}}};
  std::vector<OffsetCommit> commits = ledger.checkpoint_commits(acks);
  REQUIRE(commits.size() == 2);
  CHECK(commits[0].partition == a);
  CHECK(commits[0].offset == 15);
  CHECK(commits[0].metadata == "closed_through=5");
  CHECK(commits[1].partition == c);
  CHECK(commits[1].offset == 2);
}
