#pragma once
// A batch of line-protocol points on its way to the server, with where each came from so
// a point the server refuses can be reported against its input line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "influx/line_protocol.hpp"

namespace rivulet {

class Batch {
 public:
  // Build a point by appending its line (no newline) to text(), then call end_point().
  std::string& text() { return text_; }
  // Ends the point begun in text(). `source` and `line` say where it came from; `original`
  // is that input line, kept for --reject.
  void end_point(const std::string& source, uint64_t line, std::string_view original);
  // Drops a partly appended point (after an encoding error).
  void discard_partial() { text_.resize(ends_.empty() ? 0 : ends_.back()); }

  // Empties the batch, keeping its allocations.
  void clear();
  void swap(Batch& other) noexcept;

  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  size_t bytes() const { return text_.size() + originals_.size(); }

  // TimeUnit of the timestamp digits; the write URL carries it.
  TimeUnit precision() const { return precision_; }
  void set_precision(TimeUnit p) { precision_ = p; }
  // Whether timestamps can be rescaled to ns for a spill file (false for --input lp, whose
  // lines may lack a timestamp).
  bool rescalable() const { return rescalable_; }
  void set_rescalable(bool on) { rescalable_ = on; }

  // Monotonic time the first point was added (0 when empty).
  long long started_ns() const { return started_ns_; }
  void set_started_ns(long long ns) { started_ns_ = ns; }

  // Points [lo, hi) as one request body, newline-terminated lines.
  std::string_view lines(size_t lo, size_t hi) const;
  std::string_view line(size_t i) const { return lines(i, i + 1); }
  std::string_view original(size_t i) const;
  const std::string& source(size_t i) const { return sources_[origins_[i].source]; }
  uint64_t line_number(size_t i) const { return origins_[i].line; }

  // The whole batch as a gzip body, when compressed ahead of sending (BatchSender::prepare);
  // empty otherwise.
  std::string& compressed() { return compressed_; }
  const std::string& compressed() const { return compressed_; }

  // Appends points [lo, hi) to *out with nanosecond timestamps (as read if !rescalable()),
  // so a spill file is readable without knowing each batch's precision.
  void append_spill_lines(size_t lo, size_t hi, std::string* out) const;

 private:
  struct Origin {
    uint32_t source;
    uint64_t line;
    size_t original_end;
  };
  std::string text_;
  std::string compressed_;
  std::vector<size_t> ends_;  // offset just past each point's '\n'
  std::string originals_;
  std::vector<Origin> origins_;
  std::vector<std::string> sources_;
  TimeUnit precision_ = TimeUnit::kNanos;
  bool rescalable_ = true;
  long long started_ns_ = 0;
};

}  // namespace rivulet
