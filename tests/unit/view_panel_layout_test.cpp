#include <catch2/catch.hpp>

#include "view/panel_layout.hpp"

using namespace rivulet;

TEST_CASE("counters share a row, charts share the rest of the height", "[view]") {
  LayoutSizes sizes;
  sizes.counter_height = 5;
  ViewLayout l = layout_view(100, 30, 2, 2, sizes);
  CHECK(l.fits);
  CHECK(l.header.h == 1);
  REQUIRE(l.counters.size() == 2);
  CHECK(l.counters[0].x == 0);
  CHECK(l.counters[0].w == 50);
  CHECK(l.counters[1].x == 50);
  CHECK(l.counters[0].y == 1);
  REQUIRE(l.charts.size() == 2);
  CHECK(l.charts[0].y == 6);
  CHECK(l.charts[0].h + l.charts[1].h == 30 - 1 - 1 - 5);
  CHECK(l.charts[1].bottom() == l.footer.y);
  CHECK(l.footer.y == 29);
}

TEST_CASE("counters wrap into rows when the width is short; too small does not fit", "[view]") {
  LayoutSizes sizes;
  sizes.counter_height = 3;
  sizes.min_counter_width = 30;
  ViewLayout l = layout_view(70, 40, 3, 1, sizes);
  REQUIRE(l.counters.size() == 3);
  CHECK(l.counters[1].y == l.counters[0].y);
  CHECK(l.counters[2].y == l.counters[0].y + 3);
  CHECK(l.fits);
  CHECK_FALSE(layout_view(70, 9, 0, 2, sizes).fits);
  CHECK(counters_per_row(70, 3, sizes) == 2);
  CHECK(counters_per_row(10, 3, sizes) == 1);
  CHECK(counters_per_row(500, 3, sizes) == 3);
}

TEST_CASE("a chart panel: title, value labels left of the plot, times and legend below", "[view]") {
  ChartLayout c = layout_chart(Rect{0, 10, 80, 12}, ChartSizes{});
  CHECK(c.title.y == 10);
  CHECK(c.plot.x == 7);
  CHECK(c.plot.y == 11);
  CHECK(c.plot.w == 72);
  CHECK(c.plot.h == 9);
  CHECK(c.time_labels.y == 20);
  CHECK(c.legend.y == 21);
}
