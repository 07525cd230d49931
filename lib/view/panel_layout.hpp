#pragma once
// Where the panels of a view go: a header, a row (or rows) of counter panels, the charts
// stacked below, a footer. In abstract units: terminal cells or SVG pixels.

#include <cstddef>
#include <vector>

namespace rivulet {

struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  int right() const { return x + w; }
  int bottom() const { return y + h; }
};

struct LayoutSizes {
  int header = 1;              // height of the title line
  int footer = 1;              // height of the status line
  int counter_height = 4;      // height of one row of counter panels
  int min_counter_width = 20;  // counters share a row while each gets at least this
  int min_chart_height = 5;    // below this the view does not fit
  int gap = 0;                 // space between panels
};

struct ViewLayout {
  Rect header;
  std::vector<Rect> counters;
  std::vector<Rect> charts;
  Rect footer;
  bool fits = true;  // false: too small for every panel at its minimum size
};

// How many counter panels share a row of `width` (at least 1, at most `counters`).
size_t counters_per_row(int width, size_t counters, const LayoutSizes& sizes);

// Splits width x height among `counters` counter panels and `charts` charts (equal shares,
// remainders to the first ones).
ViewLayout layout_view(int width, int height, size_t counters, size_t charts,
                       const LayoutSizes& sizes);

// The parts of one chart panel: the plot area, the value labels left of it, the time labels
// below it and the legend under those.
struct ChartLayout {
  Rect title;
  Rect value_labels;
  Rect plot;
  Rect time_labels;
  Rect legend;
};

struct ChartSizes {
  int title = 1;
  int value_label_width = 7;
  int time_labels = 1;
  int legend = 1;
  int right_margin = 1;
};

ChartLayout layout_chart(const Rect& panel, const ChartSizes& sizes);

}  // namespace rivulet
