#pragma once
// Which event-time windows an instant belongs to: tumbling and hopping windows aligned to
// the Unix epoch, as InfluxDB aligns its GROUP BY time() buckets.

#include <cstdint>
#include <string>

namespace rivulet {

// Longest window and lateness accepted (about 27 years): keeps all window arithmetic
// within int64 nanoseconds.
constexpr int64_t kMaxWindowNs = 10000LL * 86400 * 1000000000;
// Most windows one event may belong to (--window / --hop): every open window of a key is a
// row in memory, so a tiny hop under a long window (100d / 1ms) would take all memory.
constexpr int64_t kMaxWindowsPerEvent = 10000;

// Windows of `size_ns` starting at every multiple of `hop_ns` since the epoch. Tumbling
// windows have hop == size; hopping windows overlap (hop < size), so one instant belongs to
// up to ceil(size / hop) windows. A window [start, start + size) holds start, not its end.
struct WindowSpec {
  int64_t size_ns = 0;
  int64_t hop_ns = 0;

  static WindowSpec tumbling(int64_t size_ns) { return {size_ns, size_ns}; }
  static WindowSpec hopping(int64_t size_ns, int64_t hop_ns) { return {size_ns, hop_ns}; }

  // Empty when usable, else the reason ("--hop must not be longer than --window").
  std::string check() const;

  // How many windows an instant belongs to: ceil(size / hop). size <= kMaxWindowNs, hop > 0.
  int64_t windows_per_event() const { return (size_ns + hop_ns - 1) / hop_ns; }

  // The start of the earliest and of the latest window containing `time_ns`. Callers keep
  // time_ns at least 2 * (size + hop) away from the ends of the int64 range.
  inline int64_t first_start(int64_t time_ns) const;
  inline int64_t last_start(int64_t time_ns) const;
};

// floor(value / step) * step for any sign of value; step > 0. Inline: window tools call it
// for every event.
inline int64_t floor_to_multiple(int64_t value, int64_t step) {
  int64_t q = value / step;
  if (value % step < 0) --q;  // C++ division truncates toward zero
  return q * step;
}

int64_t WindowSpec::last_start(int64_t time_ns) const { return floor_to_multiple(time_ns, hop_ns); }

int64_t WindowSpec::first_start(int64_t time_ns) const {
  // The earliest start s (a multiple of hop) with s + size > time_ns, i.e. s > time_ns - size.
  return floor_to_multiple(time_ns - size_ns, hop_ns) + hop_ns;
}

}  // namespace rivulet
