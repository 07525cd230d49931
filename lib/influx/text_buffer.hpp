#pragma once
// A growable byte buffer for the innermost loop of influx-write --print: short pieces are
// copied as a fixed 32 bytes (two vector moves) instead of through a call to memcpy.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace rivulet {

class TextBuffer {
 public:
  // Bytes append_overread() may read past the end of its source.
  static constexpr size_t kOverRead = 32;

  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void truncate(size_t size) { size_ = std::min(size, size_); }
  std::string_view view() const { return std::string_view(buffer_.data(), size_); }

  void append(const char* data, size_t n) {
    room(n);
    std::memcpy(&buffer_[size_], data, n);
    size_ += n;
  }
  void append(std::string_view text) { append(text.data(), text.size()); }
  // As append(), but `data` must have kOverRead readable bytes even when n is smaller (a
  // padded input line; a string with that much capacity).
  void append_overread(const char* data, size_t n) {
    room(std::max(n, kOverRead));
    std::memcpy(&buffer_[size_], data, n <= kOverRead ? kOverRead : n);
    size_ += n;
  }
  void push_back(char c) {
    room(1);
    buffer_[size_++] = c;
  }
  void pop_back() { --size_; }

 private:
  void room(size_t n) {
    if (buffer_.size() - size_ < n) buffer_.resize(std::max(buffer_.size() * 2, size_ + n + 256));
  }

  std::string buffer_;  // only [0, size_) is content; the rest is room to write into
  size_t size_ = 0;
};

}  // namespace rivulet
