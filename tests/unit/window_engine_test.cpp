#include "window/window_engine.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "window/key_index.hpp"
#include "window/remembered_keys.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kSec = 1000000000;

// Rows that remember which events (by a tag) went into them.
class TagRows : public WindowRows {
 public:
  void add_row() override { tags.emplace_back(); }
  void clear() override { tags.clear(); }
  void write(uint32_t row, JsonObjectWriter& out) const override {
    std::string joined;
    for (int t : tags[row]) joined += std::to_string(t) + " ";
    out.key("tags").string(joined);
  }
  std::vector<std::vector<int>> tags;
};

class TagAggregation : public Aggregation {
 public:
  bool read(JsonDocument&, std::string*) override { return true; }
  void add(WindowRows& rows, uint32_t row) override {
    static_cast<TagRows&>(rows).tags[row].push_back(tag);
  }
  std::unique_ptr<WindowRows> make_rows() const override { return std::make_unique<TagRows>(); }
  std::vector<std::string> result_names() const override { return {"tags"}; }
  int tag = 0;
};

// Collects results as "start-end key: tags" in seconds.
struct Harness {
  Harness(WindowSpec spec, int64_t lateness_ns)
      : engine(spec, lateness_ns, &aggregation,
               [this](int64_t start, int64_t end, std::string_view key, const WindowRows& rows,
                      uint32_t row) {
                 std::string out;
                 JsonObjectWriter w(out);
                 rows.write(row, w);
                 w.close(false);
                 results.push_back(std::to_string(start / kSec) + "-" + std::to_string(end / kSec) +
                                   " " + std::string(key) + ": " + out);
               }) {}

  Placement add(int tag, double seconds, std::string_view key) {
    aggregation.tag = tag;
    int64_t t = static_cast<int64_t>(seconds * kSec);
    Placement p = engine.add(t, key);
    if (t > watermark) watermark = t;
    engine.advance(watermark);
    return p;
  }

  TagAggregation aggregation;
  std::vector<std::string> results;
  int64_t watermark = INT64_MIN;
  WindowEngine engine;
};

}  // namespace

TEST_CASE("tumbling windows close when the watermark reaches their end, keys in first-seen order") {
  Harness h(WindowSpec::tumbling(10 * kSec), 0);
  h.add(1, 1, "b");
  h.add(2, 2, "a");
  h.add(3, 9.999, "b");
  CHECK(h.results.empty());
  CHECK(h.engine.open_windows() == 1);
  h.add(4, 10, "a");  // the end of [0,10) belongs to [10,20) and closes [0,10)
  REQUIRE(h.results.size() == 2);
  CHECK(h.results[0] == "0-10 b: {\"tags\":\"1 3 \"}");
  CHECK(h.results[1] == "0-10 a: {\"tags\":\"2 \"}");
  h.engine.close_all();
  REQUIRE(h.results.size() == 3);
  CHECK(h.results[2] == "10-20 a: {\"tags\":\"4 \"}");
  CHECK(h.engine.windows_closed() == 2);
  CHECK(h.engine.rows_closed() == 3);
}

TEST_CASE("out-of-order events within the window are kept; after it closed they are late") {
  Harness h(WindowSpec::tumbling(10 * kSec), 0);
  CHECK(h.add(1, 5, "k") == Placement::kAdded);
  CHECK(h.add(2, 3, "k") == Placement::kAdded);   // out of order, window still open
  CHECK(h.add(3, 12, "k") == Placement::kAdded);  // closes [0,10)
  CHECK(h.add(4, 9, "k") == Placement::kLate);    // its window went out already
  CHECK(h.add(5, 11, "k") == Placement::kAdded);
  // A window that never held an event is closed too once the watermark passed it.
  CHECK(h.add(6, 25, "k") == Placement::kAdded);
  CHECK(h.add(7, 21, "k") == Placement::kAdded);
  CHECK(h.add(8, 15, "j") == Placement::kLate);
  h.engine.close_all();
  REQUIRE(h.results.size() == 3);
  CHECK(h.results[0] == "0-10 k: {\"tags\":\"1 2 \"}");
  CHECK(h.results[1] == "10-20 k: {\"tags\":\"3 5 \"}");
  CHECK(h.results[2] == "20-30 k: {\"tags\":\"6 7 \"}");
}

TEST_CASE("lateness keeps windows open past their end for stragglers") {
  Harness h(WindowSpec::tumbling(10 * kSec), 5 * kSec);
  h.add(1, 8, "k");
  h.add(2, 14, "k");
  CHECK(h.add(3, 9, "k") == Placement::kAdded);  // watermark 14 < 10 + 5
  CHECK(h.results.empty());
  h.add(4, 15, "k");  // closes [0,10)
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "0-10 k: {\"tags\":\"1 3 \"}");
  CHECK(h.add(5, 9.5, "k") == Placement::kLate);
}

TEST_CASE("hopping windows: an event goes into every window holding it, in window order") {
  Harness h(WindowSpec::hopping(10 * kSec, 5 * kSec), 0);
  h.add(1, 7, "k");   // [0,10) and [5,15)
  h.add(2, 12, "k");  // [5,15) and [10,20); closes [0,10) at 10
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "0-10 k: {\"tags\":\"1 \"}");
  // 9 belongs to [0,10) (closed) and [5,15) (open): partly late.
  CHECK(h.add(3, 9, "k") == Placement::kPartlyLate);
  h.engine.close_all();
  REQUIRE(h.results.size() == 3);
  CHECK(h.results[1] == "5-15 k: {\"tags\":\"1 2 3 \"}");
  CHECK(h.results[2] == "10-20 k: {\"tags\":\"2 \"}");
}

TEST_CASE("closed windows are recycled: memory does not grow with the input") {
  Harness h(WindowSpec::tumbling(kSec), 0);
  for (int i = 0; i < 100000; ++i) h.add(i, i * 0.1, i % 2 ? "a" : "b");
  CHECK(h.engine.open_windows() == 1);
  CHECK(h.results.size() == 2 * 9999);
  CHECK(h.results[0] == "0-1 b: {\"tags\":\"0 2 4 6 8 \"}");
}

TEST_CASE("times at the ends of the int64 range are refused, ordinary ones accepted") {
  Harness h(WindowSpec::tumbling(10 * kSec), kSec);
  CHECK(h.engine.accepts(0));
  CHECK(h.engine.accepts(-5 * kSec));
  CHECK(h.engine.accepts(INT64_MAX / 2));
  CHECK_FALSE(h.engine.accepts(INT64_MAX - kSec));
  CHECK_FALSE(h.engine.accepts(INT64_MIN + kSec));
}

TEST_CASE("before the first watermark nothing closes and nothing is late") {
  Harness h(WindowSpec::tumbling(10 * kSec), 0);
  h.aggregation.tag = 1;
  CHECK(h.engine.add(-100 * kSec, "k") == Placement::kAdded);
  CHECK(h.engine.add(100 * kSec, "k") == Placement::kAdded);
  CHECK(h.results.empty());
  h.engine.advance(1000 * kSec);
  CHECK(h.results.size() == 2);
  h.engine.advance(0);  // the watermark never goes back
  CHECK(h.engine.add(500 * kSec, "k") == Placement::kLate);
}

TEST_CASE("fill zero: silent keys get empty rows until forgotten, empty windows included",
          "[window][fill]") {
  Harness h(WindowSpec::tumbling(10 * kSec), 0);
  h.engine.fill_zero(30 * kSec);
  h.add(1, 1, "a");
  h.add(2, 2, "b");
  h.add(3, 12, "a");
  h.add(4, 45, "a");  // closes [10,20), and [20,30), [30,40) with no events at all
  h.add(5, 95, "b");  // b back after being forgotten
  h.engine.close_all();
  CHECK(h.results ==
        std::vector<std::string>{"0-10 a: {\"tags\":\"1 \"}", "0-10 b: {\"tags\":\"2 \"}",
                                 "10-20 a: {\"tags\":\"3 \"}", "10-20 b: {\"tags\":\"\"}",
                                 "20-30 a: {\"tags\":\"\"}", "20-30 b: {\"tags\":\"\"}",
                                 "30-40 a: {\"tags\":\"\"}", "30-40 b: {\"tags\":\"\"}",
                                 "40-50 a: {\"tags\":\"4 \"}",  // b silent 30 s since 10: forgotten
                                 "50-60 a: {\"tags\":\"\"}", "60-70 a: {\"tags\":\"\"}",
                                 "70-80 a: {\"tags\":\"\"}",  // nothing for 80-90: a forgotten too
                                 "90-100 b: {\"tags\":\"5 \"}"});
}

TEST_CASE("fill zero with hopping windows: absent from a window that overlaps the last one",
          "[window][fill]") {
  Harness h(WindowSpec::hopping(10 * kSec, 5 * kSec), 0);
  h.engine.fill_zero(10 * kSec);
  h.add(1, 2, "a");
  h.add(2, 2, "b");
  h.add(3, 12, "a");
  h.add(4, 40, "a");  // closes the windows starting up to 30
  CHECK(h.results == std::vector<std::string>{
                         "-5-5 a: {\"tags\":\"1 \"}", "-5-5 b: {\"tags\":\"2 \"}",
                         "0-10 a: {\"tags\":\"1 \"}", "0-10 b: {\"tags\":\"2 \"}",
                         "5-15 a: {\"tags\":\"3 \"}", "5-15 b: {\"tags\":\"\"}",
                         "10-20 a: {\"tags\":\"3 \"}", "10-20 b: {\"tags\":\"\"}",
                         "15-25 a: {\"tags\":\"\"}", "15-25 b: {\"tags\":\"\"}",
                         "20-30 a: {\"tags\":\"\"}",  // b silent 10 s since its window ended at 10
                         "25-35 a: {\"tags\":\"\"}"});  // 30-40 would be 10 s after 20
}

TEST_CASE("fill zero: forgotten keys leave memory", "[window][fill]") {
  RememberedKeys remembered(30 * kSec);
  TagRows rows;
  // A new key each 10 s window, silent afterwards: each is filled in for 30 s, then dropped.
  for (int w = 0; w < 1000; ++w) {
    KeyIndex keys;
    rows.clear();
    bool inserted;
    keys.find_or_insert("k" + std::to_string(w), &inserted);
    rows.add_row();
    remembered.fill(w * 10 * kSec, (w + 1) * 10 * kSec, &keys, &rows);
    CHECK(keys.size() == static_cast<uint32_t>(std::min(w, 3) + 1));  // itself + 3 silent
  }
  CHECK(remembered.size() < 200);
  CHECK(remembered.live_at(10000 * kSec + 29 * kSec));
  CHECK_FALSE(remembered.live_at(10000 * kSec + 30 * kSec));
}

TEST_CASE("--checkpoint: windows ending at or before the stored bound are skipped",
          "[window][checkpoint]") {
  Harness h(WindowSpec::hopping(10 * kSec, 5 * kSec), 2 * kSec);
  CHECK_FALSE(h.engine.closed_through().has_value());
  CHECK(h.engine.last_window_end(12 * kSec) == 20 * kSec);
  // Time 12 is in [5,15) and [10,20); [5,15) is stored already.
  CHECK(h.engine.add_unless_stored(12 * kSec, "a", 15 * kSec) == Placement::kAdded);
  // Time 7 is in [0,10) and [5,15): both stored.
  CHECK(h.engine.add_unless_stored(7 * kSec, "a", 15 * kSec) == Placement::kStored);
  h.engine.advance(22 * kSec);
  CHECK(h.engine.closed_through() == std::optional<int64_t>(20 * kSec));
  h.engine.close_all();
  REQUIRE(h.results.size() == 1);
  CHECK(h.results[0] == "10-20 a: {\"tags\":\"0 \"}");
}
