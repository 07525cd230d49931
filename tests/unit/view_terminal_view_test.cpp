#include <catch2/catch.hpp>

#include "view/terminal_view.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kS = 1000000000;

ViewSpec two_panels() {
  ViewSpec spec;
  spec.fields = {"bitrate_kbps_avg"};
  spec.counters = {"viewer_distinct"};
  spec.by = "stream";
  spec.span_ns = 60 * kS;
  return spec;
}

// All rows of a frame, one string a row.
std::vector<std::string> rows(const CellCanvas& c) {
  std::vector<std::string> out;
  for (int y = 0; y < c.height(); ++y) out.push_back(c.row_text(y));
  return out;
}

bool any_row_has(const std::vector<std::string>& rows, const std::string& text) {
  for (const std::string& r : rows) {
    if (r.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the terminal view shows a title, counters with trends, a chart and its legend",
          "[view]") {
  ViewSpec spec = two_panels();
  SeriesStore store(spec.metric_count(), spec.span_ns, 8);
  store.key_index("\"cam-1\"", "cam-1");
  store.key_index("\"cam-2\"", "cam-2");
  for (int i = 0; i < 30; ++i) {
    store.add(0, 0, (1700000000 + i) * kS, 2000 + 10 * i);
    store.add(0, 1, (1700000000 + i) * kS, 1000 - 10 * i);
  }
  store.add(1, 0, 1700000020 * kS, 12);
  store.add(1, 0, 1700000029 * kS, 15);
  store.add(1, 1, 1700000029 * kS, 4);
  ViewStatus status;
  status.lines = 62;
  status.url = "http://127.0.0.1:8080/";
  CellCanvas frame = draw_terminal_view(store, spec, status, 80, 20);
  std::vector<std::string> r = rows(frame);
  CHECK(r[0].find(" live-view  by stream  last 1m  at 2023-11-14T22:13:49Z") == 0);
  CHECK(r[0].find("q quits") != std::string::npos);
  CHECK(frame.at(0, 0).style.reverse);
  CHECK(any_row_has(r, "viewer_distinct"));
  // Room for big digits: the keys side by side, each value three rows tall.
  CHECK(r[2].find(" ● cam-1 ▲ +3   ● cam-2") == 0);
  CHECK(r[3].find(" ▀█  █▀▀        █ █") == 0);
  CHECK(r[4].find("  █  ▀▀█        ▀▀█") == 0);
  CHECK(r[5].find(" ▀▀▀ ▀▀▀          ▀") == 0);
  CHECK(any_row_has(r, "bitrate_kbps_avg"));
  CHECK(any_row_has(r, "● cam-1 2290  ● cam-2 710"));
  CHECK(any_row_has(r, "22:13:"));
  CHECK(r[19].find(" 62 lines  2 keys  serving http://127.0.0.1:8080/  reading") == 0);
  // The lines are drawn in braille in each key's colour.
  bool cyan = false, yellow = false;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.width(); ++x) {
      if (frame.at(x, y).dots == 0) continue;
      cyan = cyan || frame.at(x, y).style.fg == 36;
      yellow = yellow || frame.at(x, y).style.fg == 33;
    }
  }
  CHECK(cyan);
  CHECK(yellow);
}

TEST_CASE("counters fall back to a table, a row per key, when big digits do not fit", "[view]") {
  ViewSpec spec = two_panels();
  SeriesStore store(spec.metric_count(), spec.span_ns, 8);
  for (int k = 0; k < 6; ++k) {
    std::string label = "camera-number-" + std::to_string(k + 1);
    store.key_index(label, label);
    store.add(1, k, kS, 10 + k);
  }
  store.add(1, 0, 2 * kS, 12);
  std::vector<std::string> r = rows(draw_terminal_view(store, spec, ViewStatus{}, 60, 40));
  CHECK(r[2] == " ● camera-number-1  12 ▲ +2" + std::string(33, ' '));
  CHECK(r[7].find(" ● camera-number-6  15") == 0);
}

TEST_CASE("before data the panels wait; a terminal too small says so", "[view]") {
  ViewSpec spec = two_panels();
  SeriesStore store(spec.metric_count(), spec.span_ns, 8);
  std::vector<std::string> r = rows(draw_terminal_view(store, spec, ViewStatus{}, 60, 16));
  CHECK(any_row_has(r, "waiting for data"));
  CHECK(r[0].find("at ") == std::string::npos);
  std::vector<std::string> tiny = rows(draw_terminal_view(store, spec, ViewStatus{}, 30, 5));
  CHECK(tiny[0].find("terminal too small (30x5)") == 0);
}

TEST_CASE("resizing redraws the same panels at the new size", "[view]") {
  ViewSpec spec = two_panels();
  spec.counters.clear();
  SeriesStore store(spec.metric_count(), spec.span_ns, 8);
  store.key_index("a", "a");
  store.add(0, 0, 10 * kS, 1);
  store.add(0, 0, 20 * kS, 3);
  for (auto [w, h] : {std::pair{100, 30}, std::pair{50, 12}}) {
    CellCanvas frame = draw_terminal_view(store, spec, ViewStatus{}, w, h);
    CHECK(frame.width() == w);
    std::vector<std::string> r = rows(frame);
    CHECK(r[1].find("bitrate_kbps_avg") != std::string::npos);
    CHECK(r[h - 1].find("1 keys") != std::string::npos);
  }
}
