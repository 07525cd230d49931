#include "io/line_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "error.hpp"
#include "io/signals.hpp"

namespace rivulet {

LineReader::LineReader(int fd, std::string source, bool owns_fd, size_t block_size)
    : fd_(fd),
      owns_fd_(owns_fd),
      source_(source == "-" ? "stdin" : std::move(source)),
      block_size_(block_size < 4096 ? 4096 : block_size) {
  buffer_.resize(block_size_ + kLinePadding);
  struct stat st;
  if (fstat(fd_, &st) == 0) {
    if (S_ISFIFO(st.st_mode)) fcntl(fd_, F_SETPIPE_SZ, 1 << 20);  // best effort
    // Regular files never block; skip poll() for them.
    is_pollable_ = !S_ISREG(st.st_mode);
  }
}

LineReader::~LineReader() {
  if (owns_fd_) close(fd_);
}

bool LineReader::fill() {
  // Move the partial line to the front, then grow if it already fills the block.
  if (data_begin_ > 0) {
    size_t n = data_end_ - data_begin_;
    if (n > 0) std::memmove(buffer_.data(), buffer_.data() + data_begin_, n);
    scan_from_ -= data_begin_;
    data_begin_ = 0;
    data_end_ = n;
  }
  size_t capacity = buffer_.size() - kLinePadding;
  if (data_end_ == capacity) {
    buffer_.resize(capacity * 2 + kLinePadding);
    capacity = buffer_.size() - kLinePadding;
  }

  if (is_pollable_) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd(), POLLIN, 0}};
    int ready = poll(fds, 1, 0);
    if (ready == 0) {
      if (before_wait_) before_wait_();
      for (;;) {
        if (stop_requested()) {
          pending_ = ReadStatus::kStopped;
          return false;
        }
        ready = poll(fds, fds[1].fd >= 0 ? 2 : 1, idle_timeout_ms_);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) {
          pending_ = ReadStatus::kTimeout;
          return false;
        }
        if (ready > 0 && fds[0].revents == 0) continue;  // only the stop pipe: loop checks
        break;
      }
    }
  }

  for (;;) {
    ssize_t n = read(fd_, buffer_.data() + data_end_, capacity - data_end_);
    if (n > 0) {
      data_end_ += static_cast<size_t>(n);
      return true;
    }
    if (n == 0) {
      eof_ = true;
      return true;
    }
    if (errno == EINTR) {
      if (stop_requested()) {
        pending_ = ReadStatus::kStopped;
        return false;
      }
      continue;
    }
    throw Error(source_ + ": read error: " + std::strerror(errno));
  }
}

ReadStatus LineReader::next(Line* line) {
  for (;;) {
    char* base = buffer_.data();
    const char* nl = nullptr;
    if (scan_from_ < data_end_) {
      nl = static_cast<const char*>(std::memchr(base + scan_from_, '\n', data_end_ - scan_from_));
    }
    size_t begin = data_begin_, end;
    if (nl != nullptr) {
      end = static_cast<size_t>(nl - base);
      data_begin_ = scan_from_ = end + 1;
    } else if (eof_) {
      if (data_begin_ == data_end_) return ReadStatus::kEnd;
      end = data_end_;  // last line without a newline
      data_begin_ = scan_from_ = data_end_;
    } else {
      scan_from_ = data_end_;
      if (buffered_only_) return ReadStatus::kEnd;
      if (!fill()) {
        ReadStatus s = pending_;
        pending_ = ReadStatus::kLine;
        return s;
      }
      continue;
    }

    ++line_number_;
    if (end > begin && base[end - 1] == '\r') --end;
    if (first_line_) {
      first_line_ = false;
      if (end - begin >= 3 && std::memcmp(base + begin, "\xEF\xBB\xBF", 3) == 0) begin += 3;
    }
    if (!keep_blank && is_blank(base + begin, end - begin)) continue;
    line->text = std::string_view(base + begin, end - begin);
    line->number = line_number_;
    return ReadStatus::kLine;
  }
}

bool LineReader::next_buffered(Line* line) {
  buffered_only_ = true;
  ReadStatus status = next(line);
  buffered_only_ = false;
  return status == ReadStatus::kLine;
}

bool is_blank(const char* text, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') return false;
  }
  return true;
}

InputChain::InputChain(std::vector<std::string> paths, size_t block_size)
    : paths_(std::move(paths)), block_size_(block_size) {
  if (paths_.empty()) paths_.push_back("-");
}

const std::string& InputChain::source() const { return current_ ? current_->source() : no_source_; }

ReadStatus InputChain::next(Line* line) {
  for (;;) {
    if (!current_) {
      if (index_ >= paths_.size()) return ReadStatus::kEnd;
      const std::string& path = paths_[index_++];
      if (path == "-") {
        current_ = std::make_unique<LineReader>(0, "-", false, block_size_);
      } else {
        int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
        current_ = std::make_unique<LineReader>(fd, path, true, block_size_);
      }
      current_->set_before_wait(before_wait_);
      current_->set_idle_timeout(idle_timeout_ms_);
    }
    ReadStatus status = current_->next(line);
    if (status != ReadStatus::kEnd) return status;
    if (index_ >= paths_.size()) return ReadStatus::kEnd;  // keep the last source's name
    current_.reset();
  }
}

}  // namespace rivulet
