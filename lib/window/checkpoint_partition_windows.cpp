#include "window/checkpoint_partition_windows.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rivulet {

PartitionWindows::PartitionWindows(Factory make, int64_t lateness_ns)
    : make_(std::move(make)), lateness_ns_(lateness_ns), prototype_(make_()) {}

WindowsFactory partition_windows(WindowsFactory make, int64_t lateness_ns) {
  return [make = std::move(make), lateness_ns](const GroupKey& key, OutputWriter* out) {
    return std::make_unique<PartitionWindows>([make, &key, out] { return make(key, out); },
                                              lateness_ns);
  };
}

EventWindows::TagPart& PartitionWindows::part_of(std::string_view key) {
  std::string_view tag = CheckpointKeys::tag_of_key(key);
  if (cached_ != nullptr && cached_tag_ == tag) return *cached_;
  cached_tag_.assign(tag.data(), tag.size());
  return *(cached_ = part_of_tag(tag));
}

void PartitionWindows::follow(TagPart* part) {
  if (watermark_ns_ == kNone) return;
  int64_t target = watermark_ns_;
  if (!part->caught_up) {
    if (part->max_time_ns != kNone && part->max_time_ns >= watermark_ns_ - lateness_ns_) {
      part->caught_up = true;
    } else {
      target = part->max_time_ns;
    }
  }
  if (target == kNone || target <= part->watermark_ns) return;
  part->watermark_ns = target;
  part->windows->advance(target);
  if (part->caught_up) next_due_ns_ = std::min(next_due_ns_, part->windows->next_close_watermark());
}

EventWindows::TagPart* PartitionWindows::part_of_tag(std::string_view tag) {
  auto it = parts_.find(tag);
  if (it == parts_.end()) {
    it = parts_.emplace(std::string(tag), TagPart()).first;
    it->second.windows = make_();
  }
  return &it->second;
}

Placement PartitionWindows::add_unless_stored(int64_t time_ns, std::string_view key,
                                              int64_t stored_through_ns) {
  TagPart& part = selected_ != nullptr ? *selected_ : part_of(key);
  last_ = &part;
  // Late or not is decided on the watermark the part would have if advanced at every event.
  follow(&part);
  part.windows->set_segment(segment_);
  Placement placement = part.windows->add_unless_stored(time_ns, key, stored_through_ns);
  if (placement != Placement::kLate) part.max_time_ns = std::max(part.max_time_ns, time_ns);
  if (part.caught_up) {
    next_due_ns_ = std::min(next_due_ns_, part.windows->next_close_watermark());
  }
  return placement;
}

void PartitionWindows::advance(int64_t watermark_ns) {
  if (watermark_ns_ == kNone || watermark_ns > watermark_ns_) watermark_ns_ = watermark_ns;
  // The part of the latest event at once (it may be catching up on its own time), the
  // others when one of their windows is due: their lateness decisions are made on follow()
  // before an add.
  if (last_ != nullptr) follow(last_);
  if (watermark_ns_ >= next_due_ns_) sweep();
}

void PartitionWindows::sweep() {
  next_due_ns_ = std::numeric_limits<int64_t>::max();
  for (auto& [tag, part] : parts_) {
    follow(&part);
    if (part.caught_up) {
      next_due_ns_ = std::min(next_due_ns_, part.windows->next_close_watermark());
    }
  }
}

std::optional<int64_t> PartitionWindows::closed_through() const {
  std::optional<int64_t> oldest;
  for (const auto& [tag, part] : parts_) {
    std::optional<int64_t> closed = part.windows->closed_through();
    if (!closed) return std::nullopt;
    if (!oldest || *closed < *oldest) oldest = closed;
  }
  return oldest;
}

std::optional<int64_t> PartitionWindows::closed_through_of(std::string_view tag) const {
  auto it = parts_.find(tag);
  if (it == parts_.end()) return std::nullopt;
  return it->second.windows->closed_through();
}

bool PartitionWindows::open_segments(
    const std::function<void(std::string_view key, uint64_t segment)>& fn) const {
  bool kept = prototype_->open_segments(fn);
  for (const auto& [tag, part] : parts_) part.windows->open_segments(fn);
  return kept;
}

void PartitionWindows::discard(std::string_view tag) {
  auto it = parts_.find(tag);
  if (it == parts_.end()) return;
  if (last_ == &it->second) last_ = nullptr;
  if (cached_ == &it->second) cached_ = nullptr;
  if (selected_ == &it->second) selected_ = nullptr;
  if (selected_ == &it->second) selected_ = nullptr;
  parts_.erase(it);
}

void PartitionWindows::close_all() {
  for (auto& [tag, part] : parts_) part.windows->close_all();
}

std::string PartitionWindows::progress() const {
  std::string out = fmt::format("{} partitions", parts_.size());
  // A few are shown whole; many would make the --stats line unreadable.
  if (parts_.size() <= 4) {
    for (const auto& [tag, part] : parts_)
      out += fmt::format("; {}: {}", tag, part.windows->progress());
  }
  return out;
}

}  // namespace rivulet
