#pragma once
// Open event-time windows per key: where an event goes, and when a window is complete.

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "window/aggregation.hpp"
#include "window/event_windows.hpp"
#include "window/key_index.hpp"
#include "window/remembered_keys.hpp"
#include "window/window_rows.hpp"
#include "window/window_spec.hpp"

namespace rivulet {

// Receives each closed window's rows: window [start_ns, end_ns), the key as the grouping
// key text (see GroupKey), and the row in `rows`.
using ResultSink = std::function<void(int64_t start_ns, int64_t end_ns, std::string_view key,
                                      const WindowRows& rows, uint32_t row)>;

// Holds the open windows and their per-key rows. A window closes, and its rows go to the
// sink, once the watermark reaches its end plus the allowed lateness; an event whose
// windows have all closed is late. Closed windows go out in order of start, and within a
// window rows go out in the order their keys first appeared in it, so the same input gives
// the same output. Memory is proportional to keys x open windows: closed windows are
// recycled, with their capacity, for later ones.
class WindowEngine : public EventWindows {
 public:
  // `aggregation` makes and fills the rows; it must outlive the engine. lateness_ns >= 0.
  WindowEngine(WindowSpec spec, int64_t lateness_ns, Aggregation* aggregation, ResultSink sink);

  // From now on a key seen in an earlier window gets an empty row in every window where it
  // has no events, until it has been silent for forget_ns (see RememberedKeys). Windows with
  // no events at all then close too while some key is remembered: every window of the hop
  // grid between the first and the last event is written.
  void fill_zero(int64_t forget_ns) { fill_ = std::make_unique<RememberedKeys>(forget_ns); }

  // False for event times too close to the ends of the int64 nanosecond range (before the
  // year 1678 or after 2262, less a few windows) for the window arithmetic.
  bool accepts(int64_t time_ns) const override {
    return time_ns > min_time_ns_ && time_ns < max_time_ns_;
  }

  // Adds the aggregation's last read values under `key` to every open window containing
  // time_ns (which accepts() must allow).
  Placement add(int64_t time_ns, std::string_view key) override {
    return add_unless_stored(time_ns, key, std::numeric_limits<int64_t>::min());
  }
  Placement add_unless_stored(int64_t time_ns, std::string_view key,
                              int64_t stored_through_ns) override;
  int64_t last_window_end(int64_t time_ns) const override {
    return spec_.last_start(time_ns) + spec_.size_ns;
  }
  int64_t next_close_watermark() const override {
    // --fill zero closes windows no event opened: unknown.
    if (fill_ != nullptr) return std::numeric_limits<int64_t>::min();
    if (open_.empty()) return std::numeric_limits<int64_t>::max();
    return open_.begin()->first + close_delay_ns_;
  }
  // A window closes when its end plus the lateness is reached by the watermark.
  std::optional<int64_t> closed_through() const override {
    if (!has_watermark_) return std::nullopt;
    return watermark_ns_ - (close_delay_ns_ - spec_.size_ns);
  }

  // Moves the watermark to watermark_ns (never backwards) and closes the windows it
  // completes.
  void advance(int64_t watermark_ns) override {
    if (has_watermark_ && watermark_ns <= watermark_ns_) return;
    has_watermark_ = true;
    watermark_ns_ = watermark_ns;
    // With --fill zero, windows without events may be due even when none is open.
    if (fill_ != nullptr ||
        (!open_.empty() && open_.begin()->first <= watermark_ns_ - close_delay_ns_)) {
      close_due();
    }
  }

  // Closes every open window, in order: end of input.
  void close_all() override;

  std::string progress() const override;
  size_t open_windows() const { return open_.size(); }
  uint64_t windows_closed() const { return windows_closed_; }
  uint64_t rows_closed() const { return rows_closed_; }
  const WindowSpec& spec() const { return spec_; }

 private:
  struct Window {
    int64_t start_ns = 0;
    KeyIndex keys;
    std::unique_ptr<WindowRows> rows;
  };

  bool is_closed(int64_t start_ns) const {
    return has_watermark_ && start_ns <= watermark_ns_ - close_delay_ns_;
  }
  Window* window_at(int64_t start_ns);
  void close_due();
  // --fill zero: closes the windows of the hop grid that start at most at limit_ns in
  // order, the open ones and, while keys are remembered, empty ones between them.
  void close_filled_through(int64_t limit_ns);
  void close(std::map<int64_t, Window*>::iterator it);

  WindowSpec spec_;
  int64_t close_delay_ns_;  // a window starting at s closes when the watermark reaches s + this
  int64_t min_time_ns_;
  int64_t max_time_ns_;
  Aggregation* aggregation_;
  ResultSink sink_;
  bool has_watermark_ = false;
  int64_t watermark_ns_ = 0;
  std::map<int64_t, Window*> open_;           // by start
  std::vector<std::unique_ptr<Window>> all_;  // every window ever made (open or free)
  std::vector<Window*> free_;
  Window* last_used_ = nullptr;  // consecutive events mostly share a window
  // The windows of the hop last added to: [hop_last_, hop_last_ + hop) has first_start
  // hop_first_ throughout when the window is a whole number of hops (hop_aligned_).
  bool hop_aligned_;
  int64_t hop_last_ = std::numeric_limits<int64_t>::max();
  int64_t hop_first_ = 0;
  uint64_t windows_closed_ = 0;
  uint64_t rows_closed_ = 0;
  std::unique_ptr<RememberedKeys> fill_;
  bool has_closed_ = false;
  int64_t last_closed_start_ns_ = 0;
};

}  // namespace rivulet
