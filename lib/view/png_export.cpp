#include "view/png_export.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "error.hpp"

extern char** environ;

namespace rivulet {

bool png_converter_available() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + kPngConverter;
    if (access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) throw Error(path + ": cannot create: " + std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) throw Error(path + ": cannot write: " + std::strerror(errno));
}

void write_png(const std::string& svg, const std::string& png_path) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string svg_path = std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") +
                         "/live-view-XXXXXX";
  int fd = mkstemp(svg_path.data());
  if (fd < 0) throw Error(std::string("cannot create a temporary file: ") + std::strerror(errno));
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() { unlink(path.c_str()); }
  } remove{svg_path};
  write_text_file(svg_path, svg);

  std::string program = kPngConverter;
  std::string output = "--output=" + png_path;
  char* argv[] = {program.data(), output.data(), svg_path.data(), nullptr};
  pid_t pid;
  int rc = posix_spawnp(&pid, kPngConverter, nullptr, nullptr, argv, environ);
  if (rc != 0) {
    throw Error(std::string("--png: cannot run ") + kPngConverter + ": " + std::strerror(rc) +
                " (Debian package librsvg2-bin)");
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw Error(png_path + ": " + kPngConverter + " failed to write the PNG image");
  }
}

}  // namespace rivulet
