#pragma once
// Buffered output for NDJSON records: large writes in bulk, prompt flushes when live.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "error.hpp"

namespace rivulet {

// Thrown when the reader of our output went away (EPIPE): the tool ends quietly.
class OutputClosed : public Error {
 public:
  OutputClosed() : Error("output closed") {}
};

// Appends records to an in-memory buffer and writes it to `fd` in large chunks.
// Tools append a whole record to buffer() and then call end_record(), which flushes when
// the buffer is full, when line-buffered, or when data has waited longer than the flush
// interval. Tools must also call flush() before they block (LineReader's before-wait hook)
// and at exit. Write errors throw OutputClosed (EPIPE) or rivulet::Error.
class OutputWriter {
 public:
  explicit OutputWriter(int fd = 1, size_t capacity = 1 << 18);
  ~OutputWriter();  // does not flush: flushing can throw; call flush() explicitly
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  std::string& buffer() { return buffer_; }
  void write(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }

  void end_record() {
    ++records_;
    if (line_buffered_ || buffer_.size() >= capacity_) {
      flush();
    } else if ((records_ & 1023) == 0) {
      flush_if_stale();
    }
  }

  void flush();
  // Flushes if the oldest buffered byte is older than the flush interval (200 ms).
  void flush_if_stale();

  void set_line_buffered(bool on) { line_buffered_ = on; }
  bool line_buffered() const { return line_buffered_; }
  uint64_t records() const { return records_; }

 private:
  int fd_;
  size_t capacity_;
  bool line_buffered_ = false;
  uint64_t records_ = 0;
  long long last_flush_ns_ = 0;
  std::string buffer_;
};

}  // namespace rivulet
