#include "view/png_export.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "error.hpp"

extern char** environ;

namespace rivulet {

bool png_converter_available() {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (;;) {
    size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    std::string candidate = fmt::format("{}/{}", dir.empty() ? "." : dir, kPngConverter);
    if (access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    dirs.remove_prefix(colon + 1);
  }
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
  std::string svg_path =
      std::string(tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp") + "/live-view-XXXXXX";
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
  // The converter's complaints become part of our message instead of going to stderr on
  // their own.
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, kPngConverter, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(err_pipe[1]);
  if (rc != 0) {
    close(err_pipe[0]);
    throw Error(std::string("--png: cannot run ") + kPngConverter + ": " + std::strerror(rc) +
                " (Debian package librsvg2-bin)");
  }
  std::string complaint;  // read to its end first, so a talkative converter never blocks
  char buf[4096];
  ssize_t n;
  while ((n = read(err_pipe[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) complaint.append(buf, static_cast<size_t>(n));
  }
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    complaint = complaint.substr(0, complaint.find('\n'));
    throw Error(png_path + ": " + kPngConverter + " failed" +
                (complaint.empty() ? std::string() : ": " + complaint));
  }
}

}  // namespace rivulet
