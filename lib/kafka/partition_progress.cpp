#include "kafka/partition_progress.hpp"

namespace rivulet {

void PartitionProgress::assign(const std::vector<TopicPartition>& partitions) {
  had_assignment_ = true;
  rebalancing_ = false;
  for (const auto& tp : partitions) partitions_[tp] = State{};
}

void PartitionProgress::revoke(const std::vector<TopicPartition>& partitions) {
  for (const auto& tp : partitions) partitions_.erase(tp);
  rebalancing_ = true;
}

void PartitionProgress::written(const TopicPartition& tp, int64_t offset) {
  auto it = partitions_.find(tp);
  // A message of a partition no longer assigned was fetched before the revoke; its offset
  // belongs to the new owner now.
  if (it == partitions_.end()) return;
  it->second.next_offset = offset + 1;
}

void PartitionProgress::received(const TopicPartition& tp) {
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) it->second.at_end = false;
}

void PartitionProgress::reached_end(const TopicPartition& tp) {
  auto it = partitions_.find(tp);
  if (it != partitions_.end()) it->second.at_end = true;
}

bool PartitionProgress::all_at_end() const {
  if (!had_assignment_ || rebalancing_) return false;
  for (const auto& [tp, state] : partitions_) {
    if (!state.at_end) return false;
  }
  return true;
}

std::vector<std::pair<TopicPartition, int64_t>> PartitionProgress::take_written() {
  std::vector<std::pair<TopicPartition, int64_t>> out;
  for (auto& [tp, state] : partitions_) {
    if (state.next_offset >= 0) {
      out.emplace_back(tp, state.next_offset);
      state.next_offset = -1;
    }
  }
  return out;
}

}  // namespace rivulet
