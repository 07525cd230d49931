#include "io/output_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "io/signals.hpp"

using namespace rivulet;

namespace {

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

}  // namespace

TEST_CASE("output writer buffers until flush, or per line when line-buffered") {
  int fds[2];
  REQUIRE(pipe2(fds, O_NONBLOCK) == 0);
  OutputWriter out(fds[1], 1 << 16);
  out.write("a\n");
  out.end_record();
  CHECK(drain(fds[0]).empty());
  out.flush();
  CHECK(drain(fds[0]) == "a\n");
  out.set_line_buffered(true);
  out.write("b\n");
  out.end_record();
  CHECK(drain(fds[0]) == "b\n");
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("output writer flushes by itself when its buffer fills") {
  int fds[2];
  REQUIRE(pipe2(fds, O_NONBLOCK) == 0);
  OutputWriter out(fds[1], 100);
  for (int i = 0; i < 30; ++i) {
    out.write("0123456789\n");
    out.end_record();
  }
  CHECK(drain(fds[0]).size() >= 100);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("a closed reader makes flush throw OutputClosed") {
  install_stop_signals();  // ignores SIGPIPE
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  close(fds[0]);
  OutputWriter out(fds[1]);
  out.write("x\n");
  CHECK_THROWS_AS(out.flush(), OutputClosed);
  close(fds[1]);
}
