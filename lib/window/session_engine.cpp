#include "window/session_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace rivulet {

SessionEngine::SessionEngine(int64_t gap_ns, int64_t lateness_ns, SessionSink sink)
    : gap_ns_(gap_ns), lateness_ns_(lateness_ns), sink_(std::move(sink)) {
  // gap and lateness are at most kMaxWindowNs, so time + gap and watermark - lateness - gap
  // stay in range.
  const int64_t margin = 2 * (gap_ns + lateness_ns);
  min_time_ns_ = std::numeric_limits<int64_t>::min() + margin;
  max_time_ns_ = std::numeric_limits<int64_t>::max() - margin;
}

uint32_t SessionEngine::new_slot(uint32_t key, int64_t time_ns, std::string_view first_values,
                                 int64_t stored_through_ns) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.key = key;
  s.order = next_order_++;
  s.segment = segment_;
  s.stored_through_ns = stored_through_ns;
  s.session.first_ns = s.session.last_ns = time_ns;
  s.session.count = 1;
  s.session.first_values.assign(first_values.data(), first_values.size());
  due_.emplace(due_key(s), slot);
  return slot;
}

Placement SessionEngine::add(int64_t time_ns, std::string_view key, std::string_view first_values,
                             int64_t stored_through_ns) {
  if (has_watermark_ && time_ns < watermark_ns_ - lateness_ns_) return Placement::kLate;
  bool inserted;
  uint32_t k = keys_.find_or_insert(key, &inserted);
  if (inserted) sessions_of_key_.emplace_back();
  std::vector<uint32_t>& open = sessions_of_key_[k];
  if (open.empty() && !inserted) --keys_without_sessions_;

  // The key's sessions are disjoint and more than a gap apart, sorted by first event: those
  // the event touches are consecutive.
  auto touches = [&](uint32_t slot) {
    const Session& s = slots_[slot].session;
    return time_ns >= s.first_ns - gap_ns_ && time_ns <= s.last_ns + gap_ns_;
  };
  auto it = std::find_if(open.begin(), open.end(), touches);
  if (it == open.end()) {
    uint32_t slot = new_slot(k, time_ns, first_values, stored_through_ns);
    auto pos = std::find_if(open.begin(), open.end(), [&](uint32_t other) {
      return slots_[other].session.first_ns > time_ns;
    });
    open.insert(pos, slot);
    return Placement::kAdded;
  }

  Slot& joined = slots_[*it];
  due_.erase(due_key(joined));
  joined.segment = std::min(joined.segment, segment_);
  Session& s = joined.session;
  ++s.count;
  if (time_ns < s.first_ns) {
    s.first_ns = time_ns;
    s.first_values.assign(first_values.data(), first_values.size());
  }
  s.last_ns = std::max(s.last_ns, time_ns);
  // The event may bridge the gap to the key's next sessions: they merge into this one,
  // which started first and so keeps its first event's values.
  auto next = it + 1;
  while (next != open.end() && slots_[*next].session.first_ns - gap_ns_ <= s.last_ns) {
    Slot& merged = slots_[*next];
    due_.erase(due_key(merged));
    s.count += merged.session.count;
    joined.segment = std::min(joined.segment, merged.segment);
    s.last_ns = std::max(s.last_ns, merged.session.last_ns);
    forget_slot(*next);
    next = open.erase(next);
  }
  due_.emplace(due_key(joined), *it);
  return Placement::kAdded;
}

void SessionEngine::forget_slot(uint32_t slot) {
  slots_[slot].session.first_values.clear();
  free_slots_.push_back(slot);
}

void SessionEngine::close(std::map<DueKey, uint32_t>::iterator it) {
  uint32_t slot = it->second;
  due_.erase(it);
  const Slot& s = slots_[slot];
  if (s.session.last_ns + gap_ns_ > s.stored_through_ns) {
    sink_(keys_.key(s.key), s.session);
  } else {
    ++stored_;
  }
  ++closed_;
  std::vector<uint32_t>& open = sessions_of_key_[s.key];
  open.erase(std::find(open.begin(), open.end(), slot));
  if (open.empty()) ++keys_without_sessions_;
  forget_slot(slot);
}

void SessionEngine::advance(int64_t watermark_ns) {
  if (has_watermark_ && watermark_ns <= watermark_ns_) return;
  has_watermark_ = true;
  watermark_ns_ = watermark_ns;
  // Due when watermark > last + gap + lateness.
  while (!due_.empty() && due_.begin()->first.first < watermark_ns_ - lateness_ns_) {
    close(due_.begin());
  }
  compact_keys();
}

bool SessionEngine::open_segments(
    const std::function<void(std::string_view key, uint64_t segment)>& fn) const {
  for (const auto& [due, slot] : due_) fn(keys_.key(slots_[slot].key), slots_[slot].segment);
  return true;
}

std::string SessionEngine::progress() const {
  // Sessions an earlier run stored are not written again: counted apart (--checkpoint).
  if (stored_ > 0) {
    return fmt::format("{} sessions, {} of them stored already, {} sessions open", closed_, stored_,
                       due_.size());
  }
  return fmt::format("{} sessions, {} sessions open", closed_, due_.size());
}

void SessionEngine::close_all() {
  while (!due_.empty()) close(due_.begin());
}

void SessionEngine::compact_keys() {
  // Keys come and go (viewers): once most held keys have no session, rebuild the index
  // with the others, so memory follows the open sessions, not every key ever seen.
  if (keys_without_sessions_ < 1024 || keys_without_sessions_ * 2 < keys_.size()) return;
  KeyIndex kept;
  std::vector<std::vector<uint32_t>> kept_sessions;
  for (uint32_t k = 0; k < keys_.size(); ++k) {
    if (sessions_of_key_[k].empty()) continue;
    bool inserted;
    uint32_t id = kept.find_or_insert(keys_.key(k), &inserted);
    for (uint32_t slot : sessions_of_key_[k]) slots_[slot].key = id;
    kept_sessions.push_back(std::move(sessions_of_key_[k]));
  }
  keys_ = std::move(kept);
  sessions_of_key_ = std::move(kept_sessions);
  keys_without_sessions_ = 0;
}

}  // namespace rivulet
