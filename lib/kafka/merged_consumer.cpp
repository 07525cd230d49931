#include "kafka/merged_consumer.hpp"

#include <algorithm>

#include "io/line_reader.hpp"

namespace rivulet {

namespace {

constexpr int64_t kMillisecond = 1'000'000;

std::vector<TopicPartition> partitions_of(const std::vector<TopicPartition>& all,
                                          const std::vector<int>& slots) {
  std::vector<TopicPartition> out;
  for (int s : slots) out.push_back(all[static_cast<size_t>(s)]);
  return out;
}

}  // namespace

MergedConsumer::MergedConsumer(Consumer* consumer, MergedConsumerSettings settings,
                               const Clock* clock)
    : consumer_(consumer),
      settings_(std::move(settings)),
      clock_(clock != nullptr ? clock : &system_clock()),
      merge_(settings_.merge_settings) {}

MergedConsumer::~MergedConsumer() = default;

ConsumedMessage* MergedConsumer::hold(ConsumedMessage message) {
  ConsumedMessage* slot;
  if (free_.empty()) {
    slot = &pool_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  *slot = std::move(message);
  return slot;
}

ConsumedMessage MergedConsumer::release(void* held) {
  auto* slot = static_cast<ConsumedMessage*>(held);
  ConsumedMessage message = std::move(*slot);
  free_.push_back(slot);
  return message;
}

int64_t MergedConsumer::time_of(const ConsumedMessage& m) {
  if (!settings_.time_field) {
    return m.timestamp_ms >= 0 ? m.timestamp_ms : PartitionMerge::kNoTime;
  }
  // The parser needs padding after the text, which a message's payload does not have.
  padded_.assign(m.value.value_or(std::string_view()));
  size_t size = padded_.size();
  padded_.resize(size + kLinePadding);
  int64_t ns = 0;
  if (!parser_.parse(std::string_view(padded_.data(), size), &doc_, &err_) ||
      settings_.time_field->read(doc_, &ns, &err_) != FieldStatus::kOk) {
    return PartitionMerge::kNoTime;  // goes with its neighbours; win-avg reports the line
  }
  return ns / kMillisecond;
}

void MergedConsumer::follow_assignment(int64_t now_ns) {
  const PartitionProgress& progress = consumer_->progress();
  if (progress.assignment_changes() == assignment_changes_) return;
  assignment_changes_ = progress.assignment_changes();
  // Revoked partitions lose their buffers first, even if assigned again (an eager
  // rebalance): the consumer reads them again from their committed offset.
  std::vector<TopicPartition> revoked = consumer_->take_revoked();
  if (!revoked.empty()) {
    std::vector<TopicPartition> kept;
    for (const auto& tp : merge_.partitions()) {
      if (std::find(revoked.begin(), revoked.end(), tp) == revoked.end()) kept.push_back(tp);
    }
    merge_.assign(kept, now_ns, &dropped_);
  }
  std::vector<TopicPartition> before = merge_.partitions();
  merge_.assign(progress.assigned_partitions(), now_ns, &dropped_);
  for (void* m : dropped_) release(m);
  dropped_.clear();
  next_offset_.assign(merge_.partitions().size(), -1);
  // A partition this paused and lost in the rebalance may still be paused in the client when
  // it comes back. Only those are resumed: resuming a partition that is not paused makes the
  // client fetch again from the application's position, which can hand a message over twice.
  std::vector<TopicPartition> resume;
  for (const auto& tp : merge_.partitions()) {
    bool fresh = std::find(before.begin(), before.end(), tp) == before.end();
    if (fresh && paused_.erase(tp) > 0) resume.push_back(tp);
  }
  if (!resume.empty()) consumer_->pause(resume, false);
}

std::vector<ConsumedMessage>& MergedConsumer::poll(int timeout_ms) {
  out_.clear();
  if (!settings_.merge) {
    consumer_->poll(timeout_ms, &out_);
    return out_;
  }
  int64_t now = clock_->now_ns();
  if (!merge_.empty()) {
    // Wake up when the partition waited for stops holding the others back.
    int64_t wait_ms = (merge_.wait_until_ns() - now + kMillisecond - 1) / kMillisecond;
    timeout_ms = static_cast<int>(std::clamp<int64_t>(wait_ms, 0, timeout_ms));
  }
  fetched_.clear();
  consumer_->poll(timeout_ms, &fetched_);
  now = clock_->now_ns();
  follow_assignment(now);
  for (ConsumedMessage& m : fetched_) {
    int slot = merge_.slot(m.topic, m.partition);
    if (slot < 0) continue;  // assigned at fetch time, revoked since: released below
    next_offset_[static_cast<size_t>(slot)] = m.offset + 1;
    int64_t time = time_of(m);
    size_t bytes = m.value ? m.value->size() : 0;
    merge_.push(slot, time, bytes, hold(std::move(m)), now);
  }
  fetched_.clear();
  // At its end: the client reported the end, or the fetch that brought the last message
  // said there is nothing after it. The second is known a fetch earlier than the first
  // (which comes with the next fetch response, up to fetch.wait.max.ms later), so a
  // drained partition holds the others back only while the broker has more for it.
  const PartitionProgress& progress = consumer_->progress();
  const std::vector<TopicPartition>& partitions = merge_.partitions();
  for (size_t i = 0; i < partitions.size(); ++i) {
    bool at_end = progress.at_end(partitions[i]);
    if (!at_end && next_offset_[i] >= 0) {
      int64_t end = consumer_->known_end_offset(partitions[i]);
      at_end = end >= 0 && next_offset_[i] >= end;
    }
    merge_.set_at_end(static_cast<int>(i), at_end, now);
  }
  PartitionMerge::Record r;
  while (merge_.pop(now, &r)) out_.push_back(release(r.message));
  merge_.pause_changes(&pause_, &resume_);
  if (!pause_.empty()) {
    std::vector<TopicPartition> list = partitions_of(partitions, pause_);
    consumer_->pause(list, true);
    paused_.insert(list.begin(), list.end());
  }
  if (!resume_.empty()) {
    std::vector<TopicPartition> list = partitions_of(partitions, resume_);
    consumer_->pause(list, false);
    for (const auto& tp : list) paused_.erase(tp);
  }
  pause_.clear();
  resume_.clear();
  return out_;
}

std::vector<ConsumedMessage>& MergedConsumer::drain() {
  out_.clear();
  PartitionMerge::Record r;
  while (merge_.pop_any(clock_->now_ns(), &r)) out_.push_back(release(r.message));
  return out_;
}

}  // namespace rivulet
