#include "kafka/partition_merge.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace rivulet {

// std::push_heap keeps the largest first: "after" puts the smallest time (then slot) on top.
bool PartitionMerge::after(const HeapEntry& a, const HeapEntry& b) {
  return a.time_ms != b.time_ms ? a.time_ms > b.time_ms : a.slot > b.slot;
}

void PartitionMerge::assign(const std::vector<TopicPartition>& partitions, int64_t now_ns,
                            std::vector<void*>* dropped) {
  std::map<TopicPartition, int> old;
  for (size_t i = 0; i < partitions_.size(); ++i) old.emplace(partitions_[i], static_cast<int>(i));
  std::vector<Slot> slots(partitions.size());
  for (Slot& s : slots) s.jumps = JumpGuard(settings_.max_jump_ms);
  for (size_t i = 0; i < partitions.size(); ++i) {
    auto it = old.find(partitions[i]);
    if (it == old.end()) continue;
    slots[i] = std::move(slots_[it->second]);
    slots[i].waiting = false;
    old.erase(it);
  }
  for (const auto& [tp, index] : old) {
    for (const Record& r : slots_[index].records) dropped->push_back(r.message);
  }
  partitions_ = partitions;
  slots_ = std::move(slots);
  topics_.clear();
  slot_by_partition_.clear();
  buffered_ = 0;
  total_bytes_ = 0;
  waiting_.clear();
  for (size_t i = 0; i < partitions_.size(); ++i) {
    const TopicPartition& tp = partitions_[i];
    auto t = std::find(topics_.begin(), topics_.end(), tp.topic);
    size_t topic = static_cast<size_t>(t - topics_.begin());
    if (t == topics_.end()) {
      topics_.push_back(tp.topic);
      slot_by_partition_.emplace_back();
    }
    std::vector<int>& by_partition = slot_by_partition_[topic];
    if (by_partition.size() <= static_cast<size_t>(tp.partition)) {
      by_partition.resize(static_cast<size_t>(tp.partition) + 1, -1);
    }
    by_partition[static_cast<size_t>(tp.partition)] = static_cast<int>(i);
    buffered_ += slots_[i].records.size();
    total_bytes_ += slots_[i].bytes;
    if (slots_[i].records.empty()) start_waiting(static_cast<int>(i), now_ns);
  }
  rebuild_heap();
}

int PartitionMerge::slot(std::string_view topic, int32_t partition) const {
  for (size_t t = 0; t < topics_.size(); ++t) {
    if (topics_[t] != topic) continue;
    const std::vector<int>& by_partition = slot_by_partition_[t];
    if (partition < 0 || static_cast<size_t>(partition) >= by_partition.size()) return -1;
    return by_partition[static_cast<size_t>(partition)];
  }
  return -1;
}

void PartitionMerge::push(int slot, int64_t time_ms, size_t bytes, void* message, int64_t now_ns) {
  // Only a partition that had been read to its end starts a burst: the first messages of a
  // backlog say nothing about partitions that were empty on the broker.
  if (slots_[slot].at_end && (last_push_ns_ == std::numeric_limits<int64_t>::min() ||
                              now_ns - last_push_ns_ >= settings_.idle_ns)) {
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].records.empty() && slots_[i].at_end) {
        slots_[i].end_ns = now_ns;
        start_waiting(static_cast<int>(i), now_ns);
      }
    }
  }
  last_push_ns_ = now_ns;
  Slot& s = slots_[slot];
  if (time_ms == kNoTime ||
      (s.last_time_ms != kNoTime && !s.jumps.accept(time_ms, s.last_time_ms))) {
    time_ms = s.last_time_ms;
  }
  s.last_time_ms = time_ms;
  bytes += settings_.message_overhead_bytes;
  s.records.push_back({time_ms, bytes, message});
  s.bytes += bytes;
  total_bytes_ += bytes;
  ++buffered_;
  // A message arrived, so the partition is not at its end now (the client reports the end
  // again after the last message it has).
  s.at_end = false;
  if (s.records.size() == 1) heap_push(slot);
}

void PartitionMerge::set_at_end(int slot, bool at_end, int64_t now_ns) {
  Slot& s = slots_[slot];
  if (s.at_end == at_end) return;
  s.at_end = at_end;
  // The broker just said there is nothing more: the partition gets max-idle from now to
  // bring something.
  if (at_end) {
    s.end_ns = now_ns;
    if (s.records.empty()) start_waiting(slot, now_ns);
  }
}

void PartitionMerge::start_waiting(int slot, int64_t now_ns) {
  Slot& s = slots_[slot];
  s.since_ns = now_ns;
  if (!s.waiting) {
    s.waiting = true;
    waiting_.push_back(slot);
  }
}

bool PartitionMerge::held_back(int64_t now_ns) {
  bool held = false;
  wait_until_ns_ = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < waiting_.size();) {
    Slot& s = slots_[waiting_[i]];
    int64_t until =
        s.at_end ? s.end_ns + settings_.idle_ns : s.since_ns + settings_.lagging_wait_ns;
    if (!s.records.empty() || now_ns >= until) {
      // It has something, or has waited long enough: it holds nothing back any more, until
      // it is empty again or reaches its end anew.
      s.waiting = false;
      waiting_[i] = waiting_.back();
      waiting_.pop_back();
      continue;
    }
    held = true;
    wait_until_ns_ = std::min(wait_until_ns_, until);
    ++i;
  }
  return held;
}

bool PartitionMerge::pop(int64_t now_ns, Record* out) {
  if (heap_.empty()) return false;
  if (!waiting_.empty() && held_back(now_ns)) return false;
  *out = take_head(now_ns);
  return true;
}

bool PartitionMerge::pop_any(int64_t now_ns, Record* out) {
  if (heap_.empty()) return false;
  *out = take_head(now_ns);
  return true;
}

PartitionMerge::Record PartitionMerge::take_head(int64_t now_ns) {
  std::pop_heap(heap_.begin(), heap_.end(), after);
  int index = heap_.back().slot;
  heap_.pop_back();
  Slot& s = slots_[index];
  Record r = s.records.front();
  s.records.pop_front();
  s.bytes -= r.bytes;
  total_bytes_ -= r.bytes;
  --buffered_;
  if (!s.records.empty()) {
    heap_push(index);
  } else {
    // Drained: until it brings more, an earlier message may still come from it.
    start_waiting(index, now_ns);
  }
  return r;
}

void PartitionMerge::heap_push(int slot) {
  heap_.push_back({slots_[slot].records.front().time_ms, slot});
  std::push_heap(heap_.begin(), heap_.end(), after);
}

void PartitionMerge::rebuild_heap() {
  heap_.clear();
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i].records.empty()) {
      heap_.push_back({slots_[i].records.front().time_ms, static_cast<int>(i)});
    }
  }
  std::make_heap(heap_.begin(), heap_.end(), after);
}

size_t PartitionMerge::share_bytes() const {
  size_t share = settings_.max_buffered_bytes / std::max<size_t>(slots_.size(), 1);
  return std::max(share, settings_.min_share_bytes);
}

void PartitionMerge::pause_changes(std::vector<int>* pause, std::vector<int>* resume) {
  // Within the budget nothing is paused: a pause costs a fetch round trip on resuming. Over
  // it, the partitions over their share are, which leaves room for those the merge waits for.
  size_t share = share_bytes();
  bool over = total_bytes_ > settings_.max_buffered_bytes;
  bool relieved = total_bytes_ <= settings_.max_buffered_bytes / 2;
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    if (!s.paused && over && s.bytes > share) {
      s.paused = true;
      pause->push_back(static_cast<int>(i));
    } else if (s.paused && (s.bytes <= share / 2 || relieved)) {
      s.paused = false;
      resume->push_back(static_cast<int>(i));
    }
  }
}

}  // namespace rivulet
