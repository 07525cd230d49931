#pragma once
// Session windows per key: events at most a gap apart form one session.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "window/event_windows.hpp"
#include "window/key_index.hpp"

namespace rivulet {

// One session of one key.
struct Session {
  int64_t first_ns = 0;  // time of its first event
  int64_t last_ns = 0;   // time of its last event
  uint64_t count = 0;    // events
  // What the caller attached to its first event (SessionEngine::add's `first_values`).
  std::string first_values;
};

// Receives each closed session with its grouping key.
using SessionSink = std::function<void(std::string_view key, const Session& session)>;

// Events of one key whose times are at most `gap_ns` apart belong to one session: an event
// within the gap of an open session joins it, one that bridges two sessions merges them,
// any other starts a session. Events may come out of order.
//
// The watermark and lateness rules are those of the fixed windows: a session closes once
// the watermark passes its last event plus the gap plus the lateness (no event still on
// time can join it then), and an event older than the watermark less the lateness is late,
// since it might belong to a session closed already. Sessions go out in the order they
// become due (last event + gap), ties in the order they started, so session_end ascends in
// the output. Memory is proportional to the open sessions and the keys that have one.
class SessionEngine : public EventWindows {
 public:
  // gap_ns > 0 and lateness_ns >= 0, each at most kMaxWindowNs.
  SessionEngine(int64_t gap_ns, int64_t lateness_ns, SessionSink sink);

  bool accepts(int64_t time_ns) const override {
    return time_ns > min_time_ns_ && time_ns < max_time_ns_;
  }
  Placement add(int64_t time_ns, std::string_view key) override {
    return add(time_ns, key, std::string_view());
  }
  // Adds an event; `first_values` is kept with the session if this event becomes its first.
  // --checkpoint: a session ending (last event + gap) at or before stored_through_ns is not
  // written when it closes: an earlier run stored it whole (closed_through()'s promise), and
  // what this run has of it may be only its tail.
  Placement add(int64_t time_ns, std::string_view key, std::string_view first_values,
                int64_t stored_through_ns = std::numeric_limits<int64_t>::min());
  Placement add_unless_stored(int64_t time_ns, std::string_view key,
                              int64_t stored_through_ns) override {
    return add(time_ns, key, std::string_view(), stored_through_ns);
  }
  // A session ends a gap after its last event: at least this.
  int64_t last_window_end(int64_t time_ns) const override { return time_ns + gap_ns_; }
  // Every session ending (last event + gap) at or before this has closed: it closes once
  // the watermark less the lateness is past its end, and no event older than that is taken.
  std::optional<int64_t> closed_through() const override {
    if (!has_watermark_) return std::nullopt;
    return watermark_ns_ - lateness_ns_ - 1;
  }
  int64_t next_close_watermark() const override {
    if (due_.empty()) return std::numeric_limits<int64_t>::max();
    return due_.begin()->first.first + lateness_ns_ + 1;
  }
  void set_segment(uint64_t segment) override { segment_ = segment; }
  bool open_segments(
      const std::function<void(std::string_view key, uint64_t segment)>& fn) const override;
  void advance(int64_t watermark_ns) override;
  void close_all() override;

  std::string progress() const override;
  size_t open_sessions() const { return due_.size(); }
  uint64_t sessions_closed() const { return closed_; }
  // Sessions closed but not written, stored by an earlier run (--checkpoint).
  uint64_t sessions_stored() const { return stored_; }
  // Keys held (those with open sessions, and some without awaiting compaction).
  uint32_t keys_held() const { return keys_.size(); }

 private:
  struct Slot {
    Session session;
    uint32_t key = 0;
    uint64_t order = 0;    // creation order: ties of due times go out in it
    uint64_t segment = 0;  // the oldest segment of its events (set_segment)
    int64_t stored_through_ns = std::numeric_limits<int64_t>::min();
  };
  using DueKey = std::pair<int64_t, uint64_t>;  // (last + gap, order)

  DueKey due_key(const Slot& s) const { return {s.session.last_ns + gap_ns_, s.order}; }
  uint32_t new_slot(uint32_t key, int64_t time_ns, std::string_view first_values,
                    int64_t stored_through_ns);
  void close(std::map<DueKey, uint32_t>::iterator it);
  void forget_slot(uint32_t slot);
  void compact_keys();

  int64_t gap_ns_;
  int64_t lateness_ns_;
  int64_t min_time_ns_;
  int64_t max_time_ns_;
  SessionSink sink_;
  bool has_watermark_ = false;
  int64_t watermark_ns_ = 0;
  KeyIndex keys_;
  std::vector<std::vector<uint32_t>> sessions_of_key_;  // open slots of each key, by first_ns
  uint32_t keys_without_sessions_ = 0;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  std::map<DueKey, uint32_t> due_;  // every open session's slot, in closing order
  uint64_t next_order_ = 0;
  uint64_t closed_ = 0;
  uint64_t stored_ = 0;
  uint64_t segment_ = 0;
};

}  // namespace rivulet
