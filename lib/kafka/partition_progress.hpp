#pragma once
// What ksub knows about each partition it reads: assigned or not, at its end or not.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rivulet {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  bool operator<(const TopicPartition& o) const {
    return topic != o.topic ? topic < o.topic : partition < o.partition;
  }
  bool operator==(const TopicPartition& o) const {
    return topic == o.topic && partition == o.partition;
  }
};

class PartitionProgress {
 public:
  void assign(const std::vector<TopicPartition>& partitions);
  // Forgets the partitions. Until the next
  // assign(), a rebalance is in progress and all_at_end() is false.
  void revoke(const std::vector<TopicPartition>& partitions);

  // A message of the partition arrived from the broker: it is not at its end (any more).
  void received(const TopicPartition& tp);
  // The consumer reported the end of the partition (enable.partition.eof).
  void reached_end(const TopicPartition& tp);

  // For -e: at least one assignment happened, no rebalance is in progress, and every
  // assigned partition is at its end (also true when a rebalance left this consumer with
  // no partitions).
  bool all_at_end() const;

  size_t assigned() const { return partitions_.size(); }
  bool is_assigned(const TopicPartition& tp) const { return partitions_.count(tp) > 0; }
  std::vector<TopicPartition> assigned_partitions() const;
  // Reached its end and received nothing since (false for a partition not assigned).
  bool at_end(const TopicPartition& tp) const;
  // Changes with every assign() and revoke(), so a reader of the partitions sees that the
  // assignment moved.
  uint64_t assignment_changes() const { return assignment_changes_; }
  // The partitions revoked since the last call (a partition revoked and assigned again,
  // as an eager rebalance does, is read again from its committed offset).
  std::vector<TopicPartition> take_revoked() { return std::move(revoked_); }

 private:
  struct State {
    bool at_end = false;
  };
  std::map<TopicPartition, State> partitions_;
  bool had_assignment_ = false;
  bool rebalancing_ = false;
  uint64_t assignment_changes_ = 0;
  std::vector<TopicPartition> revoked_;
};

}  // namespace rivulet
