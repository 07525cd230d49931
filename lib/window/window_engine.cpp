#include "window/window_engine.hpp"

#include <fmt/format.h>

#include <limits>

namespace rivulet {

WindowEngine::WindowEngine(WindowSpec spec, int64_t lateness_ns, Aggregation* aggregation,
                           ResultSink sink)
    : spec_(spec),
      close_delay_ns_(spec.size_ns + lateness_ns),
      aggregation_(aggregation),
      sink_(std::move(sink)),
      hop_aligned_(spec.size_ns % spec.hop_ns == 0) {
  // size, hop and lateness are each at most kMaxWindowNs, so this margin (under 2^63)
  // keeps time - size, start + size + lateness and watermark - delay in range.
  const int64_t margin = 2 * (spec.size_ns + spec.hop_ns + lateness_ns);
  min_time_ns_ = std::numeric_limits<int64_t>::min() + margin;
  max_time_ns_ = std::numeric_limits<int64_t>::max() - margin;
}

WindowEngine::Window* WindowEngine::window_at(int64_t start_ns) {
  if (last_used_ != nullptr && last_used_->start_ns == start_ns) return last_used_;
  auto it = open_.find(start_ns);
  if (it != open_.end()) return last_used_ = it->second;
  Window* w;
  if (!free_.empty()) {
    w = free_.back();
    free_.pop_back();
  } else {
    all_.push_back(std::make_unique<Window>());
    w = all_.back().get();
    w->rows = aggregation_->make_rows();
  }
  w->start_ns = start_ns;
  open_.emplace(start_ns, w);
  return last_used_ = w;
}

Placement WindowEngine::add_unless_stored(int64_t time_ns, std::string_view key,
                                          int64_t stored_through_ns) {
  // Consecutive events mostly share a hop: its windows are worked out once (two divisions).
  if (static_cast<uint64_t>(time_ns) - static_cast<uint64_t>(hop_last_) >=
          static_cast<uint64_t>(spec_.hop_ns) ||
      !hop_aligned_) {
    hop_last_ = spec_.last_start(time_ns);
    hop_first_ = spec_.first_start(time_ns);
  }
  const int64_t first = hop_first_;
  const int64_t last = hop_last_;
  int closed = 0, added = 0, stored = 0;
  const uint64_t hash = KeyIndex::hash_of(key);  // once for all the event's windows
  for (int64_t start = first; start <= last; start += spec_.hop_ns) {
    if (start + spec_.size_ns <= stored_through_ns) {
      ++stored;
      continue;
    }
    if (is_closed(start)) {
      ++closed;
      continue;
    }
    Window* w = window_at(start);
    bool inserted;
    uint32_t row = w->keys.find_or_insert(key, hash, &inserted);
    if (inserted) w->rows->add_row();
    aggregation_->add(*w->rows, row);
    ++added;
  }
  if (added == 0 && stored > 0) return Placement::kStored;
  if (closed == 0) return Placement::kAdded;
  return added == 0 ? Placement::kLate : Placement::kPartlyLate;
}

void WindowEngine::close(std::map<int64_t, Window*>::iterator it) {
  Window* w = it->second;
  const int64_t end = w->start_ns + spec_.size_ns;
  if (fill_ != nullptr) fill_->fill(w->start_ns, end, &w->keys, w->rows.get());
  has_closed_ = true;
  last_closed_start_ns_ = w->start_ns;
  for (uint32_t row = 0; row < w->keys.size(); ++row) {
    sink_(w->start_ns, end, w->keys.key(row), *w->rows, row);
  }
  ++windows_closed_;
  rows_closed_ += w->keys.size();
  w->keys.clear();
  w->rows->clear();
  if (last_used_ == w) last_used_ = nullptr;
  free_.push_back(w);
  open_.erase(it);
}

void WindowEngine::close_due() {
  if (fill_ != nullptr) return close_filled_through(watermark_ns_ - close_delay_ns_);
  while (!open_.empty() && open_.begin()->first <= watermark_ns_ - close_delay_ns_) {
    close(open_.begin());
  }
}

std::string WindowEngine::progress() const {
  return fmt::format("{} results from {} windows, {} windows open", rows_closed_, windows_closed_,
                     open_.size());
}

void WindowEngine::close_all() {
  if (fill_ != nullptr && !open_.empty()) close_filled_through(open_.rbegin()->first);
  while (!open_.empty()) close(open_.begin());
}

void WindowEngine::close_filled_through(int64_t limit_ns) {
  constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  for (;;) {
    // Open windows all start after the last closed one: events for earlier ones are late.
    const int64_t next_open = open_.empty() ? kNone : open_.begin()->first;
    int64_t start = next_open;
    if (has_closed_ && fill_->live_at(last_closed_start_ns_ + spec_.hop_ns)) {
      start = last_closed_start_ns_ + spec_.hop_ns;
    }
    if (start == kNone || start > limit_ns) return;
    if (start != next_open) window_at(start);  // no events: only remembered keys' zeros
    close(open_.begin());
  }
}

}  // namespace rivulet
