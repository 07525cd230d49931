// The yardstick of tests/bench/parse_bench: the least work that computes what
//   win-avg --by stream --field bitrate_kbps --window 10s
// computes on frames-gen events (count, sum, min, max of bitrate_kbps per stream per 10 s
// window of the millisecond "ts"). simdjson on-demand iterate_many over 256 KiB blocks of
// complete lines, one hash map keyed by stream and window, no tool framework: no line
// numbers, no error recovery, no watermark, no streaming output. It stops at the first
// malformed event, since the benchmark feeds it only well-formed ones.
//
// Usage: ref_loop [FILE]   (default: standard input). Prints one NDJSON line per stream and
// window, sorted by window then stream, with win-avg --sum's field names, so
// win_bench_compare.py checks one against the other.

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

constexpr size_t kBlock = 256 * 1024;
constexpr int64_t kWindowMs = 10000;

struct Summary {
  uint64_t count = 0;
  double sum = 0;
  double min = 0;
  double max = 0;
};

// Key: the window's start in milliseconds (8 bytes) followed by the stream name.
using Windows = std::unordered_map<std::string, Summary>;

[[noreturn]] void fail(const std::string& message) {
  fmt::print(stderr, "ref_loop: {}\n", message);
  std::exit(1);
}

void add_block(simdjson::ondemand::parser& parser, const char* data, size_t size, Windows* windows,
               std::string* key) {
  simdjson::ondemand::document_stream stream;
  if (auto e = parser.iterate_many(data, size, std::max(size, kBlock)).get(stream)) {
    fail(simdjson::error_message(e));
  }
  for (auto doc : stream) {
    simdjson::ondemand::object object;
    int64_t ts;
    std::string_view name;
    double bitrate;
    if (auto e = doc.get_object().get(object)) fail(simdjson::error_message(e));
    if (auto e = object.find_field_unordered("ts").get_int64().get(ts)) {
      fail(simdjson::error_message(e));
    }
    if (auto e = object.find_field_unordered("stream").get_string().get(name)) {
      fail(simdjson::error_message(e));
    }
    if (auto e = object.find_field_unordered("bitrate_kbps").get_double().get(bitrate)) {
      fail(simdjson::error_message(e));
    }
    int64_t start = ts - ((ts % kWindowMs) + kWindowMs) % kWindowMs;
    key->assign(reinterpret_cast<const char*>(&start), sizeof start);
    key->append(name);
    Summary& s = (*windows)[*key];
    if (s.count == 0 || bitrate < s.min) s.min = bitrate;
    if (s.count == 0 || bitrate > s.max) s.max = bitrate;
    s.sum += bitrate;
    ++s.count;
  }
}

void print(const Windows& windows) {
  std::vector<const Windows::value_type*> rows;
  rows.reserve(windows.size());
  for (const auto& row : windows) rows.push_back(&row);
  auto start = [](const std::string& key) {
    int64_t s;
    std::memcpy(&s, key.data(), sizeof s);
    return s;
  };
  std::sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
    int64_t sa = start(a->first), sb = start(b->first);
    return sa != sb ? sa < sb : a->first < b->first;
  });
  std::string out;
  for (const auto* row : rows) {
    int64_t s = start(row->first);
    std::string_view name = std::string_view(row->first).substr(sizeof s);
    const Summary& v = row->second;
    fmt::format_to(std::back_inserter(out),
                   "{{\"ts\":{},\"window_end\":{},\"stream\":\"{}\",\"count\":{},"
                   "\"bitrate_kbps_avg\":{},\"bitrate_kbps_min\":{},\"bitrate_kbps_max\":{},"
                   "\"bitrate_kbps_sum\":{}}}\n",
                   s, s + kWindowMs, name, v.count, v.sum / static_cast<double>(v.count), v.min,
                   v.max, v.sum);
  }
  fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int fd = 0;
  if (argc > 1 && std::string_view(argv[1]) != "-") {
    fd = open(argv[1], O_RDONLY);
    if (fd < 0) fail(fmt::format("{}: {}", argv[1], std::strerror(errno)));
  }
  // Same pipe capacity as the tools ask for, so "behind a pipe" compares like with like.
  fcntl(fd, F_SETPIPE_SZ, 1 << 20);

  simdjson::ondemand::parser parser;
  Windows windows;
  std::string key;
  std::vector<char> buffer(kBlock + simdjson::SIMDJSON_PADDING);
  size_t used = 0;
  for (;;) {
    if (used == buffer.size() - simdjson::SIMDJSON_PADDING) {  // a line longer than the block
      buffer.resize(buffer.size() * 2);
    }
    ssize_t n = read(fd, buffer.data() + used, buffer.size() - simdjson::SIMDJSON_PADDING - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(std::strerror(errno));
    if (n == 0) {
      if (used > 0) add_block(parser, buffer.data(), used, &windows, &key);
      break;
    }
    used += static_cast<size_t>(n);
    const char* last = static_cast<const char*>(memrchr(buffer.data(), '\n', used));
    if (last == nullptr) continue;
    size_t complete = static_cast<size_t>(last - buffer.data()) + 1;
    add_block(parser, buffer.data(), complete, &windows, &key);
    std::memmove(buffer.data(), buffer.data() + complete, used - complete);
    used -= complete;
  }
  print(windows);
  return 0;
}
