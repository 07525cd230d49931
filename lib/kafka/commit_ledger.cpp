#include "kafka/commit_ledger.hpp"

#include "checkpoint/marker.hpp"

namespace rivulet {

std::vector<std::pair<TopicPartition, int64_t>> CommitLedger::assign(
    const std::vector<TopicPartition>& partitions) {
  std::vector<std::pair<TopicPartition, int64_t>> resume;
  for (const auto& tp : partitions) {
    assigned_.insert(tp);
    auto it = uncommitted_.find(tp);
    if (it != uncommitted_.end()) resume.emplace_back(tp, it->second);
  }
  for (auto it = uncommitted_.begin(); it != uncommitted_.end();) {
    it = assigned_.count(it->first) > 0 ? std::next(it) : uncommitted_.erase(it);
  }
  return resume;
}

void CommitLedger::revoke(const std::vector<TopicPartition>& partitions) {
  for (const auto& tp : partitions) {
    assigned_.erase(tp);
    written_.erase(tp);
  }
}

void CommitLedger::written(const TopicPartition& tp, int64_t offset) {
  if (commits_written_ && assigned_.count(tp) > 0) written_[tp] = offset + 1;
}

std::vector<std::pair<TopicPartition, int64_t>> CommitLedger::flushed() {
  std::vector<std::pair<TopicPartition, int64_t>> out(written_.begin(), written_.end());
  for (const auto& [tp, next] : written_) uncommitted_[tp] = next;
  written_.clear();
  return out;
}

std::vector<OffsetCommit> CommitLedger::checkpoint_commits(
    const AcknowledgedOffsets& acknowledged) const {
  std::vector<OffsetCommit> out;
  for (const auto& [source, what] : acknowledged) {
    OffsetCommit c;
    if (!split_source_name(source, &c.partition.topic, &c.partition.partition)) continue;
    if (!is_assigned(c.partition)) continue;
    c.offset = what.first;
    c.metadata = what.second;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace rivulet
