#include "window/remembered_keys.hpp"

#include <string>

namespace rivulet {

void RememberedKeys::fill(int64_t start_ns, int64_t end_ns, KeyIndex* window_keys,
                          WindowRows* rows) {
  const uint32_t present = window_keys->size();
  for (uint32_t i = 0; i < present; ++i) {
    bool inserted;
    uint32_t id = keys_.find_or_insert(window_keys->key(i), &inserted);
    if (inserted) last_seen_.emplace_back();
    last_seen_[id] = {start_ns, end_ns};
  }
  if (present > 0) {
    has_keys_ = true;
    latest_end_ns_ = end_ns;
  }
  for (uint32_t id = 0; id < keys_.size(); ++id) {
    // With hopping windows the silence can be negative: absent from this window, though
    // in the previous one, which ends later than this one starts.
    if (last_seen_[id].start_ns == start_ns) continue;
    if (start_ns - last_seen_[id].end_ns >= forget_ns_) continue;
    bool inserted;
    window_keys->find_or_insert(keys_.key(id), &inserted);
    if (inserted) rows->add_row();
  }
  forget_expired(start_ns);
}

void RememberedKeys::forget_expired(int64_t start_ns) {
  // Later windows start later, so a key silent for forget_ns now never gets a row again;
  // once they are most of the index, rebuild it without them.
  auto expired = [&](const Seen& seen) { return start_ns - seen.end_ns >= forget_ns_; };
  uint32_t count = 0;
  for (const Seen& seen : last_seen_) count += expired(seen);
  if (count < 64 || count * 2 < keys_.size()) return;
  KeyIndex kept;
  std::vector<Seen> kept_seen;
  for (uint32_t id = 0; id < keys_.size(); ++id) {
    if (expired(last_seen_[id])) continue;
    bool inserted;
    kept.find_or_insert(keys_.key(id), &inserted);
    kept_seen.push_back(last_seen_[id]);
  }
  keys_ = std::move(kept);
  last_seen_ = std::move(kept_seen);
}

}  // namespace rivulet
