#include <catch2/catch.hpp>

#include "view/series_store.hpp"

using namespace rivulet;

namespace {
constexpr int64_t kS = 1000000000;
}

TEST_CASE("samples closer than the resolution merge into their mean", "[view]") {
  SeriesStore store(1, 60 * kS, 8, 60);  // one point per second
  int k = store.key_index("\"cam-1\"", "cam-1");
  REQUIRE(k == 0);
  store.add(0, 0, 10 * kS, 1);
  store.add(0, 0, 10 * kS + kS / 2, 3);
  store.add(0, 0, 11 * kS, 10);
  const Series* s = store.series(0, 0);
  REQUIRE(s != nullptr);
  REQUIRE(s->points().size() == 2);
  CHECK(s->points()[0].t_ns == 10 * kS);
  CHECK(s->points()[0].value == 2);
  CHECK(s->points()[1].value == 10);
  CHECK(s->last() == 10);
  CHECK(s->previous() == 3);
  CHECK(store.now_ns() == 11 * kS);
}

TEST_CASE("points older than the span are dropped and memory stays bounded", "[view]") {
  SeriesStore store(1, 10 * kS, 8, 10);
  store.key_index("a", "a");
  for (int i = 0; i < 1000; ++i) store.add(0, 0, i * kS / 4, i);
  const Series* s = store.series(0, 0);
  REQUIRE(s != nullptr);
  CHECK(s->points().size() <= 11);
  CHECK(s->points().front().t_ns >= store.now_ns() - 10 * kS);
  // Too old for the span: ignored.
  uint64_t version = store.version();
  store.add(0, 0, 0, 5);
  CHECK(store.version() == version);
}

TEST_CASE("another key moving time on trims a series that stopped, on trim()", "[view]") {
  SeriesStore store(1, 10 * kS, 8, 10);
  store.key_index("a", "a");
  store.key_index("b", "b");
  store.add(0, 0, 0, 1);
  store.add(0, 1, 30 * kS, 1);
  CHECK(store.series(0, 0)->points().size() == 1);
  store.trim();
  CHECK(store.series(0, 0)->points().empty());
  CHECK(store.series(0, 0)->last() == 1);  // the latest value stays for counters
}

TEST_CASE("out-of-order samples go to their place; trends follow time, not arrival", "[view]") {
  SeriesStore store(1, 60 * kS, 8, 60);
  store.key_index("a", "a");
  store.add(0, 0, 20 * kS, 20);
  store.add(0, 0, 10 * kS, 10);
  store.add(0, 0, 15 * kS, 15);
  const Series* s = store.series(0, 0);
  REQUIRE(s->points().size() == 3);
  CHECK(s->points()[0].value == 10);
  CHECK(s->points()[1].value == 15);
  CHECK(s->points()[2].value == 20);
  CHECK(s->last() == 20);
  CHECK(s->previous() == 15);
  store.add(0, 0, 20 * kS, 21);  // same time: replaces the latest, keeps the previous
  CHECK(s->last() == 21);
  CHECK(s->previous() == 15);
}

TEST_CASE("keys keep their index; keys beyond the limit are refused", "[view]") {
  SeriesStore store(2, 60 * kS, 2);
  CHECK(store.key_index("\"x\"", "x") == 0);
  CHECK(store.key_index("\"y\"", "y") == 1);
  CHECK(store.key_index("\"x\"", "x") == 0);
  CHECK(store.find_key("\"y\"") == 1);
  CHECK(store.find_key("\"z\"") == -1);
  CHECK(store.key_index("\"z\"", "z") == -1);
  CHECK(store.key_count() == 2);
  CHECK(store.key_label(1) == "y");
  CHECK(store.series(1, 0) == nullptr);
}

TEST_CASE("changes are reported once per series, from the earliest changed time", "[view]") {
  SeriesStore store(2, 60 * kS, 8, 60);
  store.key_index("a", "a");
  store.add(1, 0, 5 * kS, 1);
  store.add(1, 0, 3 * kS, 1);
  store.add(0, 0, 4 * kS, 1);
  std::vector<SeriesChange> changes = store.take_changes();
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].metric == 0);
  CHECK(changes[1].metric == 1);
  CHECK(changes[1].from_ns == 3 * kS);
  CHECK(store.take_changes().empty());
}

TEST_CASE("value ranges span every key's points in the span", "[view]") {
  SeriesStore store(1, 60 * kS, 8, 60);
  store.key_index("a", "a");
  store.key_index("b", "b");
  double lo, hi;
  CHECK_FALSE(store.value_range(0, 0, &lo, &hi));
  store.add(0, 0, 1 * kS, 5);
  store.add(0, 1, 2 * kS, -3);
  store.add(0, 1, 3 * kS, 9);
  REQUIRE(store.value_range(0, 0, &lo, &hi));
  CHECK(lo == -3);
  CHECK(hi == 9);
  REQUIRE(store.value_range(0, 3 * kS, &lo, &hi));
  CHECK(lo == 9);
}
