#pragma once
// Streams newline-delimited records from a file descriptor in large blocks.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// Bytes readable after the end of every Line::text, so simdjson can parse it in place
// (equal to SIMDJSON_PADDING; checked by a static_assert in json_line.cpp).
constexpr size_t kLinePadding = 64;

struct Line {
  // Without the line ending ("\n" or "\r\n") and without a leading UTF-8 BOM on line 1.
  // Valid until the next call to next(); at least kLinePadding bytes after its end are
  // readable (their contents are unspecified).
  std::string_view text;
  uint64_t number = 0;  // 1-based, counting blank lines too
};

enum class ReadStatus {
  kLine,     // *line was filled
  kEnd,      // end of input
  kTimeout,  // no input arrived within the idle timeout (see set_idle_timeout)
  kStopped,  // SIGINT/SIGTERM arrived; treat like end of input
};

// Reads lines of any length from one descriptor without copying them out of its block
// buffer. Memory is bounded by the block size or the longest line, whichever is larger.
// The default block is 256 KiB, the size of a LineBatch: a block read is parsed while it is
// still in the core's L2 cache. With 1 MiB blocks win-avg took 3% more CPU on 2M frames
// (tests/bench/parse_bench), the kernel's copy of a block having pushed its start out of L2
// by the time it was parsed.
constexpr size_t kReadBlockBytes = 256 * 1024;
class LineReader {
 public:
  // `source` names the input in diagnostics ("-" reads as "stdin"). The reader does not own
  // `fd` unless `owns_fd` is set. If fd is a pipe, its capacity is raised to 1 MiB so the
  // writer and this reader do not take turns on a 64 KiB pipe.
  LineReader(int fd, std::string source, bool owns_fd = false, size_t block_size = kReadBlockBytes);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Called each time the reader is about to block waiting for more input: the place to
  // flush output, so live pipelines see results at once while bulk runs stay buffered.
  void set_before_wait(std::function<void()> hook) { before_wait_ = std::move(hook); }

  // With a timeout, next() returns kTimeout after `timeout_ms` without input (it can be
  // called again to keep waiting). Negative: wait forever (the default).
  void set_idle_timeout(int timeout_ms) { idle_timeout_ms_ = timeout_ms; }

  // Skips blank lines (empty, or only spaces, tabs and "\r") unless keep_blank is set.
  ReadStatus next(Line* line);

  // As next(), but only from the bytes buffered already: false where next() would have to
  // read (or wait) first. Lines it returns stay valid together with the line next() returned
  // before them, until the next call to next(): a batch of lines parsed as one block.
  bool next_buffered(Line* line);

  const std::string& source() const { return source_; }
  uint64_t line_number() const { return line_number_; }
  bool keep_blank = false;

 private:
  // Reads more bytes into the buffer; returns false at end of input or on stop/timeout
  // (status_ says which). Throws rivulet::Error on a read error.
  bool fill();

  int fd_;
  bool owns_fd_;
  bool is_pollable_ = true;
  std::string source_;
  std::vector<char> buffer_;  // data_begin_..data_end_ hold unread bytes; padding beyond
  size_t block_size_;
  size_t data_begin_ = 0;
  size_t data_end_ = 0;
  size_t scan_from_ = 0;  // newline search resumes here after a partial line
  bool eof_ = false;
  bool first_line_ = true;
  uint64_t line_number_ = 0;
  int idle_timeout_ms_ = -1;
  bool buffered_only_ = false;  // in next_buffered(): never fill()
  ReadStatus pending_ = ReadStatus::kLine;
  std::function<void()> before_wait_;
};

// Reads the inputs named on a command line one after another ("-" or none: stdin).
// Line numbers restart for each input, as diagnostics name the input.
class InputChain {
 public:
  explicit InputChain(std::vector<std::string> paths, size_t block_size = kReadBlockBytes);

  void set_before_wait(std::function<void()> hook) { before_wait_ = std::move(hook); }
  void set_idle_timeout(int timeout_ms) { idle_timeout_ms_ = timeout_ms; }

  // As LineReader::next. Throws rivulet::Error if an input cannot be opened or read.
  ReadStatus next(Line* line);
  // As LineReader::next_buffered, within the input of the last line next() returned.
  bool next_buffered(Line* line) { return current_ && current_->next_buffered(line); }

  // The input the last line came from ("stdin" or the path).
  const std::string& source() const;

 private:
  std::vector<std::string> paths_;
  size_t index_ = 0;
  size_t block_size_;
  std::unique_ptr<LineReader> current_;
  std::function<void()> before_wait_;
  int idle_timeout_ms_ = -1;
  std::string no_source_;
};

// Whether a line holds nothing but spaces, tabs and carriage returns (or nothing).
bool is_blank(const char* text, size_t size);

}  // namespace rivulet
