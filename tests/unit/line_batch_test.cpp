#include "json/line_batch.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"

using namespace rivulet;

namespace {

const FieldPath kN("n");

// What became of one line: its number, how it was parsed, and "n"'s value or the error.
struct Outcome {
  uint64_t line;
  bool batched;
  std::string result;
  bool operator==(const Outcome& o) const {
    return line == o.line && batched == o.batched && result == o.result;
  }
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  return os << o.line << (o.batched ? " batch " : " alone ") << o.result;
}

// The result of a line parsed alone, as a tool reports it: n's value or the error text.
std::string parse_alone(JsonLineParser* parser, const Line& line) {
  JsonDocument doc;
  std::string err;
  int64_t n;
  if (!parser->parse(line.text, &doc, &err)) return err;
  if (get_int64(doc, kN, &n, &err) != FieldStatus::kOk) return err;
  return std::to_string(n);
}

class Recorder : public LineBatchVisitor {
 public:
  bool read(JsonDocument& doc, const Line& line) override {
    (void)line;
    std::string err;
    return get_int64(doc, kN, &n_, &err) == FieldStatus::kOk;
  }
  bool accept(const Line& line) override {
    outcomes.push_back({line.number, true, std::to_string(n_)});
    return true;
  }
  bool handle_alone(const Line& line) override {
    outcomes.push_back({line.number, false, parse_alone(&parser_, line)});
    return outcomes.size() < stop_after;
  }

  std::vector<Outcome> outcomes;
  size_t stop_after = SIZE_MAX;

 private:
  JsonLineParser parser_;
  int64_t n_ = 0;
};

// A descriptor reading `data` (from a temp file).
int input(const std::string& data) {
  char path[] = "/tmp/rivulet-lb-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size()));
  lseek(fd, 0, SEEK_SET);
  unlink(path);
  return fd;
}

// Reads `data` in batches as the window tools do.
std::vector<Outcome> read_batched(const std::string& data, size_t block = 4096,
                                  size_t stop_after = SIZE_MAX) {
  LineReader reader(input(data), "test", true, block);
  LineBatch batch;
  Recorder recorder;
  recorder.stop_after = stop_after;
  Line line;
  while (reader.next(&line) == ReadStatus::kLine) {
    batch.collect(line, &reader);
    if (!batch.parse(&recorder)) break;
  }
  return recorder.outcomes;
}

// Reads `data` line by line, each line parsed alone: what batches must agree with.
std::vector<Outcome> read_alone(const std::string& data) {
  LineReader reader(input(data), "test", true);
  JsonLineParser parser;
  std::vector<Outcome> outcomes;
  Line line;
  while (reader.next(&line) == ReadStatus::kLine) {
    outcomes.push_back({line.number, false, parse_alone(&parser, line)});
  }
  return outcomes;
}

// The outcomes with `batched` cleared: the results, however they were reached.
std::vector<Outcome> results(std::vector<Outcome> outcomes) {
  for (Outcome& o : outcomes) o.batched = false;
  return outcomes;
}

}  // namespace

TEST_CASE("line batch parses buffered lines as one stream with their line numbers") {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += "{\"n\":" + std::to_string(i) + ",\"s\":\"x\"}\n";
  auto outcomes = read_batched(data);
  REQUIRE(outcomes.size() == 1000);
  size_t batched = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    CHECK(outcomes[i].line == i + 1);
    CHECK(outcomes[i].result == std::to_string(i));
    batched += outcomes[i].batched;
  }
  // Every line but a batch's only line goes through the stream (4 KiB blocks: ~200 lines).
  CHECK(batched > 900);
  CHECK(results(outcomes) == read_alone(data));
}

TEST_CASE(
    "line batch counts blank lines, strips CRLF and a BOM, takes a last line without "
    "newline") {
  std::string data = "\xEF\xBB\xBF{\"n\":1}\r\n\r\n\n  {\"n\":2}\t\r\n{\"n\":3}\n\n{\"n\":4}";
  auto outcomes = read_batched(data);
  // The last line is known complete only once a read finds the end: a batch of its own.
  CHECK(outcomes ==
        std::vector<Outcome>{{1, true, "1"}, {4, true, "2"}, {5, true, "3"}, {7, false, "4"}});
}

TEST_CASE("line batch reports a bad line as when parsed alone and keeps the rest of the block") {
  std::string data =
      "{\"n\":1}\n{\"n\":2}\nnot json\n{\"n\":4}\n[1]\n{\"m\":6}\n{\"n\":7}\n{\"n\":1.5}\n"
      "{\"n\":9}\n";
  auto outcomes = read_batched(data);
  CHECK(results(outcomes) == read_alone(data));
  REQUIRE(outcomes.size() == 9);
  CHECK(outcomes[0] == Outcome{1, true, "1"});
  CHECK(outcomes[1] == Outcome{2, true, "2"});
  CHECK(outcomes[2].batched == false);
  CHECK(outcomes[2].result.rfind("invalid JSON", 0) == 0);
  CHECK(outcomes[4].result == "expected a JSON object, got an array");
  CHECK(outcomes[5].result == "missing field \"n\"");
  CHECK(outcomes[7].line == 8);
  CHECK(outcomes[8] == Outcome{9, false, "9"});
}

TEST_CASE("line batch never joins lines the per-line parser keeps apart") {
  // A document across two lines, two documents on one line, unclosed strings (one ending in
  // a backslash before the newline), a line of whitespace, a stray closing brace, a raw tab
  // in a string: each line's result must be its result alone.
  for (std::string bad : {"{\"n\":\n1}", "{\"n\":2} {\"n\":3}", "{\"n\":\"x}\n\"}",
                          "{\"n\":[1,\n2]}", "   ", "}", "{\"n\":5}}", "\"", "{\"n\":6,\"s\":\"a\\",
                          "{\"n\":6,\"s\":\"a\\\"}", "{\"n\":6,\"s\":\"a\tb\"}"}) {
    std::string data = "{\"n\":1}\n" + bad + "\n{\"n\":7}\n{\"n\":8}\n";
    INFO(bad);
    auto outcomes = read_batched(data);
    CHECK(results(outcomes) == read_alone(data));
    CHECK(outcomes.back().result == "8");
  }
}

TEST_CASE("line batch reads invalid UTF-8 as the per-line parser does") {
  std::string data = "{\"n\":1}\n{\"n\":2,\"s\":\"\xff\"}\n{\"n\":3}\n";
  auto outcomes = read_batched(data);
  CHECK(results(outcomes) == read_alone(data));
  CHECK(outcomes[1].result.rfind("invalid JSON", 0) == 0);
  CHECK(outcomes[2] == Outcome{3, false, "3"});
}

TEST_CASE("line batch takes a line longer than the block") {
  std::string data = "{\"n\":1}\n{\"n\":2,\"s\":\"" + std::string(10000, 'x') + "\"}\n{\"n\":3}\n";
  auto outcomes = read_batched(data, 4096);
  CHECK(results(outcomes) == read_alone(data));
  CHECK(outcomes.size() == 3);
}

TEST_CASE("line batch stops when the visitor says so") {
  std::string data = "{\"n\":1}\nbad\n{\"n\":3}\n{\"n\":4}\n";
  auto outcomes = read_batched(data, 4096, 1);
  CHECK(outcomes == std::vector<Outcome>{{1, true, "1"}, {2, false, outcomes[1].result}});
}
