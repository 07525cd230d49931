#include "kafka/partition_progress.hpp"

namespace rivulet {

void PartitionProgress::assign(const std::vector<TopicPartition>& partitions) {
  had_assignment_ = true;
  rebalancing_ = false;
  ++assignment_changes_;
  for (const auto& tp : partitions) partitions_[tp] = State{};
}

void PartitionProgress::revoke(const std::vector<TopicPartition>& partitions) {
  for (const auto& tp : partitions) {
    if (partitions_.erase(tp) > 0) revoked_.push_back(tp);
  }
  rebalancing_ = true;
  ++assignment_changes_;
}

void PartitionProgress::received(const TopicPartition& tp) {
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) it->second.at_end = false;
}

void PartitionProgress::reached_end(const TopicPartition& tp) {
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) it->second.at_end = true;
}

std::vector<TopicPartition> PartitionProgress::assigned_partitions() const {
  std::vector<TopicPartition> out;
  for (const auto& [tp, state] : partitions_) out.push_back(tp);
  return out;
}

bool PartitionProgress::at_end(const TopicPartition& tp) const {
  auto it = partitions_.find(tp);
  return it != partitions_.end() && it->second.at_end;
}

bool PartitionProgress::all_at_end() const {
  if (!had_assignment_ || rebalancing_) return false;
  for (const auto& [tp, state] : partitions_) {
    if (!state.at_end) return false;
  }
  return true;
}

}  // namespace rivulet
