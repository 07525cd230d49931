// The window engine fed arbitrary event sequences (times jumping back and forth, several
// keys, tumbling or hopping windows, any lateness): every event is counted once in exactly
// the windows that contain its time and were still open when it came, or reported late;
// windows close in order of start, each once.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "window/window_engine.hpp"

using namespace rivulet;

namespace {

class CountRows : public WindowRows {
 public:
  std::vector<uint64_t> counts;
  void add_row() override { counts.push_back(0); }
  void clear() override { counts.clear(); }
  void write(uint32_t, JsonObjectWriter&) const override {}
};

class CountAggregation : public Aggregation {
 public:
  bool read(JsonDocument&, std::string*) override { return true; }
  std::vector<std::string> result_names() const override { return {"count"}; }
  void add(WindowRows& rows, uint32_t row) override { ++static_cast<CountRows&>(rows).counts[row]; }
  std::unique_ptr<WindowRows> make_rows() const override { return std::make_unique<CountRows>(); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 3) return 0;
  const int64_t unit = 1000;
  const int64_t window = unit * (1 + bytes[0] % 8);
  const int64_t hop = bytes[1] % 2 == 0 ? window : unit * (1 + (bytes[1] / 2) % (window / unit));
  const int64_t lateness = unit * (bytes[2] % 4);
  WindowSpec spec = WindowSpec::hopping(window, hop);
  if (!spec.check().empty()) return 0;

  CountAggregation aggregation;
  std::map<std::pair<int64_t, std::string>, uint64_t> got;
  int64_t last_closed_start = INT64_MIN;
  int64_t current_start = INT64_MIN;
  WindowEngine engine(
      spec, lateness, &aggregation,
      [&](int64_t start, int64_t end, std::string_view key, const WindowRows& rows, uint32_t row) {
        if (end - start != window) abort();
        if (start != current_start) {
          if (start <= last_closed_start) abort();  // in order, each once
          last_closed_start = current_start;
          current_start = start;
        }
        auto& count = got[{start, std::string(key)}];
        if (count != 0) abort();  // one row per key and window
        count = static_cast<const CountRows&>(rows).counts[row];
      });

  // The model: a window starting at s is closed once the watermark (the largest time seen
  // so far) reaches s + window + lateness.
  std::map<std::pair<int64_t, std::string>, uint64_t> want;
  bool has_watermark = false;
  int64_t watermark = 0;
  for (size_t i = 3; i + 1 < size; i += 2) {
    const int64_t time = 1'000'000 + static_cast<int8_t>(bytes[i]) * (unit / 4);
    const std::string key(1, static_cast<char>('a' + bytes[i + 1] % 3));
    int open = 0, closed = 0;
    for (int64_t s = spec.first_start(time); s <= spec.last_start(time); s += hop) {
      if (time < s || time >= s + window) abort();  // first/last_start bound the windows
      if (has_watermark && s <= watermark - window - lateness) {
        ++closed;
      } else {
        ++open;
        ++want[{s, key}];
      }
    }
    Placement p = engine.add(time, key);
    Placement expected =
        closed == 0 ? Placement::kAdded : (open == 0 ? Placement::kLate : Placement::kPartlyLate);
    if (p != expected) abort();
    if (!has_watermark || time > watermark) watermark = time;
    has_watermark = true;
    engine.advance(watermark);
  }
  engine.close_all();
  if (got != want) abort();
  return 0;
}
