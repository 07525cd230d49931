#pragma once
// ksub's commit and resume bookkeeping, apart from the client so it is tested without a
// broker: which offsets may be committed (only those of lines flushed to the output), where a
// partition resumes when its last commit was refused, and which acknowledged --checkpoint
// offsets are this member's to commit.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kafka/partition_progress.hpp"

namespace rivulet {

// An offset to commit (the next one to read) with its commit metadata.
struct OffsetCommit {
  TopicPartition partition;
  int64_t offset = 0;
  std::string metadata;
};

// --checkpoint acknowledgements as CheckpointSource gives them: source name ("topic/N") ->
// (offset, metadata).
using AcknowledgedOffsets = std::vector<std::pair<std::string, std::pair<int64_t, std::string>>>;

class CommitLedger {
 public:
  // `commits_written` false: nothing written is committed (no group; or --checkpoint, which
  // commits only what the sink acknowledged), so flushed() returns nothing.
  explicit CommitLedger(bool commits_written = true) : commits_written_(commits_written) {}

  // Partitions given to this member (added to those it has). Returns where those must resume
  // whose offsets this member stored but could not commit: a commit can be refused
  // mid-rebalance (kbroker's mock refuses every commit while its group rebalances), and a
  // partition that comes back then resumes where this member stopped rather than from the
  // stale committed offset, so it is not read twice. Kafka accepts the commit made while
  // revoking, so there this never acts. The uncommitted offsets of partitions that went
  // elsewhere are forgotten: their new owner reads from the committed offset (at-least-once).
  std::vector<std::pair<TopicPartition, int64_t>> assign(
      const std::vector<TopicPartition>& partitions);
  // Partitions taken away: lines written but not flushed no longer commit anything.
  void revoke(const std::vector<TopicPartition>& partitions);

  // The message at `offset` has its line in the output buffer (not flushed yet). Ignored for
  // a partition not assigned (fetched before a revoke: its offset is the new owner's).
  void written(const TopicPartition& tp, int64_t offset);
  // The output was flushed: the offsets to store for commit (after each partition's last
  // written message). They stay the partitions' resume points until committed().
  std::vector<std::pair<TopicPartition, int64_t>> flushed();
  // The broker accepted a commit of every stored offset.
  void committed() { uncommitted_.clear(); }

  // --checkpoint: the acknowledged offsets of partitions this member still reads (the others
  // are their new owner's to commit); names that are not "topic/N" are skipped.
  std::vector<OffsetCommit> checkpoint_commits(const AcknowledgedOffsets& acknowledged) const;

  bool is_assigned(const TopicPartition& tp) const { return assigned_.count(tp) > 0; }

 private:
  bool commits_written_;
  std::set<TopicPartition> assigned_;
  std::map<TopicPartition, int64_t> written_;      // written since the last flush: next offset
  std::map<TopicPartition, int64_t> uncommitted_;  // stored since the last successful commit
};

}  // namespace rivulet
