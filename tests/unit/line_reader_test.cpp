#include "io/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "error.hpp"

using namespace rivulet;

namespace {

// Writes `data` to a temp file and reads it back through a LineReader.
std::vector<std::pair<std::string, uint64_t>> read_all(const std::string& data,
                                                       size_t block = 4096) {
  char path[] = "/tmp/rivulet-lr-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  lseek(fd, 0, SEEK_SET);
  unlink(path);
  LineReader reader(fd, path, true, block);
  std::vector<std::pair<std::string, uint64_t>> lines;
  Line line;
  while (reader.next(&line) == ReadStatus::kLine) {
    lines.emplace_back(std::string(line.text), line.number);
  }
  return lines;
}

}  // namespace

TEST_CASE("line reader splits lines and numbers them, skipping blank ones") {
  auto lines = read_all("{\"a\":1}\n\n{\"b\":2}\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == std::make_pair(std::string("{\"a\":1}"), uint64_t{1}));
  CHECK(lines[1] == std::make_pair(std::string("{\"b\":2}"), uint64_t{3}));
}

TEST_CASE("line reader strips CRLF, a leading BOM, and keeps a last line without newline") {
  auto lines = read_all("\xEF\xBB\xBF{\"a\":1}\r\n\r\n{\"b\":2}");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].first == "{\"a\":1}");
  CHECK(lines[1].first == "{\"b\":2}");
  CHECK(lines[1].second == 3);
}

TEST_CASE("line reader handles empty input") { CHECK(read_all("").empty()); }

TEST_CASE("line reader handles lines much longer than its block, e.g. 10 MB") {
  std::string big(10 * 1000 * 1000, 'x');
  std::string data = "short\n" + big + "\nafter";
  auto lines = read_all(data, 4096);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].first == "short");
  CHECK(lines[1].first.size() == big.size());
  CHECK(lines[1].first == big);
  CHECK(lines[2].first == "after");
}

TEST_CASE("line reader: lines straddling block boundaries come out whole") {
  std::string data;
  for (int i = 0; i < 5000; ++i) data += "{\"i\":" + std::to_string(i) + "}\n";
  auto lines = read_all(data, 4096);
  REQUIRE(lines.size() == 5000);
  for (int i = 0; i < 5000; ++i) REQUIRE(lines[i].first == "{\"i\":" + std::to_string(i) + "}");
}

TEST_CASE("line reader calls the before-wait hook before blocking on a pipe, and times out") {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  LineReader reader(fds[0], "pipe", true);
  int waits = 0;
  reader.set_before_wait([&] { ++waits; });
  reader.set_idle_timeout(20);
  REQUIRE(write(fds[1], "a\nb", 3) == 3);
  Line line;
  REQUIRE(reader.next(&line) == ReadStatus::kLine);
  CHECK(line.text == "a");
  CHECK(waits == 0);
  // "b" has no newline yet: the reader must wait, flushing first, and time out.
  CHECK(reader.next(&line) == ReadStatus::kTimeout);
  CHECK(waits == 1);
  std::thread writer([&] {
    usleep(10000);
    REQUIRE(write(fds[1], "c\n", 2) == 2);
    close(fds[1]);
  });
  reader.set_idle_timeout(-1);
  REQUIRE(reader.next(&line) == ReadStatus::kLine);
  CHECK(line.text == "bc");
  CHECK(reader.next(&line) == ReadStatus::kEnd);
  writer.join();
}

TEST_CASE("line reader guarantees readable padding after every line") {
  auto check = [](const std::string& data) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    REQUIRE(write(fds[1], data.data(), data.size()) == static_cast<ssize_t>(data.size()));
    close(fds[1]);
    LineReader reader(fds[0], "pipe", true, 4096);
    Line line;
    while (reader.next(&line) == ReadStatus::kLine) {
      // Reading the padding must stay inside the buffer (checked under ASan).
      volatile char sink = 0;
      for (size_t i = 0; i < kLinePadding; ++i)
        sink = sink ^ line.text.data()[line.text.size() + i];
      (void)sink;
    }
  };
  check(std::string(4096, 'y'));
  check(std::string(4095, 'y') + "\n" + std::string(4095, 'z'));
}

TEST_CASE("input chain reads files in order and names a missing one") {
  char path[] = "/tmp/rivulet-ic-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(write(fd, "x\ny\n", 4) == 4);
  close(fd);
  InputChain chain({path, path});
  Line line;
  std::vector<std::string> got;
  while (chain.next(&line) == ReadStatus::kLine) got.emplace_back(line.text);
  CHECK(got == std::vector<std::string>{"x", "y", "x", "y"});
  CHECK(chain.source() == path);
  unlink(path);
  InputChain missing({"/nonexistent/file.ndjson"});
  CHECK_THROWS_WITH(missing.next(&line),
                    "/nonexistent/file.ndjson: cannot open: No such file or directory");
}

TEST_CASE("lines of only spaces and tabs are blank", "[io]") {
  CHECK(is_blank("", 0));
  CHECK(is_blank(" \t \r", 4));
  CHECK_FALSE(is_blank(" x ", 3));
  CHECK_FALSE(is_blank("{}", 2));
}
