#include "io/output_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/signals.hpp"

namespace rivulet {

namespace {
constexpr long long kFlushIntervalNs = 200 * 1000000LL;
}

OutputWriter::OutputWriter(int fd, size_t capacity) : fd_(fd), capacity_(capacity) {
  buffer_.reserve(capacity_ + 4096);
  // A 64 KiB pipe makes writer and reader take turns on every few records; 1 MiB lets a
  // whole buffer go in one write (best effort: the limit is /proc/sys/fs/pipe-max-size).
  struct stat st;
  if (fstat(fd_, &st) == 0 && S_ISFIFO(st.st_mode)) fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
  last_flush_ns_ = monotonic_now_ns();
}

OutputWriter::~OutputWriter() = default;

void OutputWriter::flush() {
  const char* p = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      buffer_.clear();
      if (err == EPIPE) throw OutputClosed();
      throw Error(std::string("write error: ") + std::strerror(err));
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
  last_flush_ns_ = monotonic_now_ns();
}

void OutputWriter::flush_if_stale() {
  if (buffer_.empty()) return;
  if (monotonic_now_ns() - last_flush_ns_ >= kFlushIntervalNs) flush();
}

}  // namespace rivulet
