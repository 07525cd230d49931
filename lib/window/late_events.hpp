#pragma once
// Events that came after their window had closed: counted and, if asked, kept verbatim.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace rivulet {

class LateEvents {
 public:
  LateEvents() = default;
  ~LateEvents();
  LateEvents(const LateEvents&) = delete;
  LateEvents& operator=(const LateEvents&) = delete;

  // Keeps every late line, verbatim and newline-terminated, in `path` (created or
  // truncated). Throws rivulet::Error if it cannot be opened.
  void set_file(const std::string& path);

  void record(std::string_view line);
  uint64_t count() const { return count_; }

  // Flushes the file. Throws rivulet::Error if it could not be written.
  void finish();

 private:
  std::FILE* file_ = nullptr;
  std::string path_;
  uint64_t count_ = 0;
};

}  // namespace rivulet
