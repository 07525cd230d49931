#include "influx/spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "error.hpp"

namespace rivulet {

SpillFile::SpillFile(std::string path) : path_(std::move(path)) {
  fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error("--spill " + path_ + ": cannot open: " + std::strerror(errno));
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) close(fd_);
}

void SpillFile::append(std::string_view lines) {
  while (!lines.empty()) {
    ssize_t n = write(fd_, lines.data(), lines.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error("--spill " + path_ + ": write error: " + std::strerror(errno));
    }
    lines.remove_prefix(static_cast<size_t>(n));
  }
  if (fsync(fd_) != 0 && errno != EINVAL) {
    throw Error("--spill " + path_ + ": cannot sync: " + std::strerror(errno));
  }
}

}  // namespace rivulet
