#pragma once
// win-count --fill zero: the keys of earlier windows, for rows of count 0 where they are
// silent, until they have been silent for --forget.

#include <cstdint>
#include <vector>

#include "window/key_index.hpp"
#include "window/window_rows.hpp"

namespace rivulet {

// Remembers every key that had events in a closed window, with the end of the last such
// window. A window [start, end) that closes gets an empty row (count 0) for each remembered
// key without events in it whose silence, from the end of its last window with events to
// `start`, is shorter than forget_ns: with 10 s windows and forget 5m, a key that stops gets
// 30 rows of 0, then none. Keys are remembered from the windows that close, so a key is
// filled in only after its first window. Memory is proportional to the keys not yet
// forgotten.
class RememberedKeys {
 public:
  explicit RememberedKeys(int64_t forget_ns) : forget_ns_(forget_ns) {}

  // Called as each window closes, in order of start, before its rows are written: remembers
  // the keys in *window_keys, then appends to it (and a row to *rows) each remembered key
  // absent from it and not yet forgotten.
  void fill(int64_t start_ns, int64_t end_ns, KeyIndex* window_keys, WindowRows* rows);

  // Whether a window starting at start_ns would get any row from fill(): false once every
  // key has been silent for forget_ns.
  bool live_at(int64_t start_ns) const {
    return has_keys_ && start_ns - latest_end_ns_ < forget_ns_;
  }

  uint32_t size() const { return keys_.size(); }

 private:
  void forget_expired(int64_t start_ns);

  // The last window in which a key had events.
  struct Seen {
    int64_t start_ns = 0;
    int64_t end_ns = 0;
  };

  int64_t forget_ns_;
  KeyIndex keys_;
  std::vector<Seen> last_seen_;  // by id in keys_
  bool has_keys_ = false;
  int64_t latest_end_ns_ = 0;
};

}  // namespace rivulet
