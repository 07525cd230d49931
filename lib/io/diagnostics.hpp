#pragma once
// Reporting of bad input: the message on stderr (rate-limited), the line kept verbatim.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "time/clock.hpp"

namespace rivulet {

// Every tool owns one Diagnostics, built in main() with the tool's name. Messages read
// "TOOL: SOURCE:LINE: message" (rivulet(7)). After a burst of kBurst messages, at most one
// message a second is shown; the others are counted and the count is reported with the next
// shown message and by finish().
class Diagnostics {
 public:
  static constexpr int kBurst = 10;

  // `err` is where messages go (stderr in tools, a temp file in tests). `clock` times the
  // rate limit (the system clock when null); tests pass a ManualClock.
  explicit Diagnostics(std::string tool, std::FILE* err = stderr, const Clock* clock = nullptr);
  ~Diagnostics();
  Diagnostics(const Diagnostics&) = delete;
  Diagnostics& operator=(const Diagnostics&) = delete;

  // Keeps every bad line, verbatim and newline-terminated, in `path` (created/truncated).
  // Throws rivulet::Error if it cannot be opened.
  void set_reject_file(const std::string& path);
  // With strict set, the first bad line makes should_stop() true.
  void set_strict(bool strict) { strict_ = strict; }

  // A line that cannot be processed: counted, reported, kept in the reject file.
  void bad_line(std::string_view source, uint64_t line, std::string_view message,
                std::string_view text);
  // A message read but not delivered (kpub): reported and kept in the reject file like a
  // bad line, counted apart from them.
  void report_undelivered(std::string_view source, uint64_t line, std::string_view message,
                          std::string_view text);
  // A line that was processed but deserves a note (e.g. passed through without a time).
  void warn_line(std::string_view source, uint64_t line, std::string_view message);
  // A message without a line: "TOOL: message". Never rate-limited.
  void error(std::string_view message);
  void info(std::string_view message) { error(message); }
  // A line as is, without the tool prefix (machine-readable output such as --stats=ndjson).
  void write_line(std::string_view line);

  bool should_stop() const { return strict_ && bad_lines_ + undelivered_ > 0; }
  uint64_t bad_lines() const { return bad_lines_; }
  uint64_t undelivered() const { return undelivered_; }
  uint64_t warnings() const { return warnings_; }
  const std::string& tool() const { return tool_; }

  // Reports how many messages were suppressed, and flushes the reject file.
  // Throws rivulet::Error if the reject file could not be written.
  void finish();

 private:
  void report(std::string_view source, uint64_t line, std::string_view message);
  void keep_rejected(std::string_view text);

  std::string tool_;
  std::FILE* err_;
  const Clock* clock_;
  std::FILE* reject_ = nullptr;
  std::string reject_path_;
  bool strict_ = false;
  uint64_t bad_lines_ = 0;
  uint64_t undelivered_ = 0;
  uint64_t warnings_ = 0;
  uint64_t shown_ = 0;
  uint64_t suppressed_ = 0;
  int64_t last_shown_ns_ = 0;
};

}  // namespace rivulet
