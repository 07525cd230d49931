#include "view/panel_layout.hpp"

#include <algorithm>

namespace rivulet {

namespace {

// Splits `total` into `n` parts separated by `gap`, the remainder going to the first parts.
std::vector<std::pair<int, int>> split(int start, int total, size_t n, int gap) {
  std::vector<std::pair<int, int>> parts;
  if (n == 0) return parts;
  int count = static_cast<int>(n);
  int usable = std::max(0, total - gap * (count - 1));
  int base = usable / count, extra = usable % count;
  int at = start;
  for (int i = 0; i < count; ++i) {
    int size = base + (i < extra ? 1 : 0);
    parts.emplace_back(at, size);
    at += size + gap;
  }
  return parts;
}

}  // namespace

size_t counters_per_row(int width, size_t counters, const LayoutSizes& sizes) {
  int fit = (width + sizes.gap) / std::max(1, sizes.min_counter_width + sizes.gap);
  return std::max<size_t>(1, std::min(counters, static_cast<size_t>(std::max(1, fit))));
}

ViewLayout layout_view(int width, int height, size_t counters, size_t charts,
                       const LayoutSizes& sizes) {
  ViewLayout layout;
  layout.header = Rect{0, 0, width, sizes.header};
  layout.footer = Rect{0, height - sizes.footer, width, sizes.footer};
  int y = sizes.header;
  if (counters > 0) {
    size_t per_row = counters_per_row(width, counters, sizes);
    size_t rows = (counters + per_row - 1) / per_row;
    for (size_t r = 0; r < rows; ++r) {
      size_t in_row = std::min(per_row, counters - r * per_row);
      for (auto [x, w] : split(0, width, in_row, sizes.gap)) {
        layout.counters.push_back(Rect{x, y, w, sizes.counter_height});
      }
      y += sizes.counter_height + sizes.gap;
    }
  }
  int chart_space = height - sizes.footer - y;
  for (auto [cy, h] : split(y, chart_space, charts, sizes.gap)) {
    layout.charts.push_back(Rect{0, cy, width, h});
    if (h < sizes.min_chart_height) layout.fits = false;
  }
  if (chart_space < 0 || width < sizes.min_counter_width) layout.fits = false;
  return layout;
}

ChartLayout layout_chart(const Rect& p, const ChartSizes& s) {
  ChartLayout c;
  c.title = Rect{p.x, p.y, p.w, s.title};
  int plot_h = std::max(0, p.h - s.title - s.time_labels - s.legend);
  int plot_w = std::max(0, p.w - s.value_label_width - s.right_margin);
  c.value_labels = Rect{p.x, p.y + s.title, s.value_label_width, plot_h};
  c.plot = Rect{p.x + s.value_label_width, p.y + s.title, plot_w, plot_h};
  c.time_labels = Rect{c.plot.x, c.plot.bottom(), plot_w, s.time_labels};
  c.legend = Rect{p.x, c.time_labels.bottom(), p.w, s.legend};
  return c;
}

}  // namespace rivulet
