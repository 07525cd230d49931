#include "checkpoint/partition_commits.hpp"

#include <algorithm>

namespace rivulet {

PartitionCommits::Partition& PartitionCommits::partition(std::string_view source) {
  if (last_ != nullptr && last_name_ == source) return *last_;
  auto it = partitions_.find(source);
  if (it == partitions_.end()) {
    it = partitions_.emplace(std::string(source), Partition()).first;
    it->second.segments.push_back(Segment{std::nullopt, kNoEvent, next_segment_id_++});
  }
  last_name_.assign(source.data(), source.size());
  return *(last_ = &it->second);
}

void PartitionCommits::assigned(const std::string& source, std::optional<int64_t> closed) {
  revoked(source);
  partition(source).stored_through_ns = closed;
}

void PartitionCommits::revoked(const std::string& source) {
  last_ = nullptr;
  partitions_.erase(source);
}

std::optional<int64_t> PartitionCommits::stored_through(std::string_view source) const {
  auto it = partitions_.find(source);
  return it == partitions_.end() ? std::nullopt : it->second.stored_through_ns;
}

void PartitionCommits::event(std::string_view source, int64_t last_end_ns) {
  Segment& s = partition(source).segments.back();
  s.last_end_ns = std::max(s.last_end_ns, last_end_ns);
}

std::map<std::string, PartitionCommit> PartitionCommits::marker(
    const std::map<std::string, int64_t>& positions, const ClosedBound& closed_ns,
    const std::map<std::string, uint64_t, std::less<>>* open_segments) {
  for (const auto& [source, offset] : positions) {
    partition(source).segments.push_back(Segment{offset, kNoEvent, next_segment_id_++});
  }
  std::map<std::string, PartitionCommit> out;
  for (auto& [source, p] : partitions_) {
    // Stored by an earlier run or emitted by this one: either way it is in the sink.
    std::optional<int64_t> bound = closed_ns(source);
    if (p.stored_through_ns && (!bound || *p.stored_through_ns > *bound)) {
      bound = p.stored_through_ns;
    }
    const int64_t limit = bound.value_or(kNoEvent);
    uint64_t open = std::numeric_limits<uint64_t>::max();
    if (open_segments != nullptr) {
      auto it = open_segments->find(source);
      if (it != open_segments->end()) open = it->second;
    }
    while (p.segments.size() > 1 && p.segments.front().last_end_ns <= limit &&
           p.segments.front().id < open) {
      p.segments.pop_front();
    }
    const Segment& oldest = p.segments.front();
    if (oldest.start) out[source] = PartitionCommit{*oldest.start, bound};
  }
  return out;
}

}  // namespace rivulet
