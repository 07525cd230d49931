#include "window/late_events.hpp"

#include <cerrno>
#include <cstring>

#include "error.hpp"

namespace rivulet {

LateEvents::~LateEvents() {
  if (file_ != nullptr) std::fclose(file_);
}

void LateEvents::set_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) throw Error(path + ": cannot open late-event file: " + std::strerror(errno));
  if (file_ != nullptr) std::fclose(file_);
  file_ = f;
  path_ = path;
}

void LateEvents::record(std::string_view line) {
  ++count_;
  if (file_ != nullptr) {
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fputc('\n', file_);
  }
}

void LateEvents::finish() {
  if (file_ != nullptr && (std::fflush(file_) != 0 || std::ferror(file_))) {
    throw Error(path_ + ": cannot write late-event file");
  }
}

}  // namespace rivulet
