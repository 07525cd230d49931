#include "view/terminal_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "time/duration.hpp"
#include "time/timestamp.hpp"
#include "view/big_digits.hpp"
#include "view/chart_scale.hpp"
#include "view/key_palette.hpp"
#include "view/panel_layout.hpp"

namespace rivulet {

namespace {

constexpr CellStyle kTitle{0, true, false, false};
constexpr CellStyle kDim{0, false, true, false};
constexpr CellStyle kBar{0, false, false, true};
// Rows a counter panel shows at most (title + keys); more keys are summarised in the title.
constexpr int kMaxCounterRows = 9;
// A big-number counter: title, the keys' labels and trends, the values in big digits.
constexpr int kBigCounterHeight = 2 + kBigDigitRows;
constexpr int kBigBlockGap = 3;

CellStyle key_style(size_t key, bool bold = false) {
  return CellStyle{key_colour_ansi(key), bold, false, false};
}

// Number of UTF-8 code points (cells) of `text`.
int cells(const std::string& text) {
  int n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void draw_panel_title(CellCanvas& canvas, const Rect& r, const std::string& title) {
  canvas.fill(r.x, r.y, r.w, U'─', kDim);
  canvas.text(r.x + 1, r.y, " " + title + " ", kTitle, r.w - 2);
}

void draw_header(CellCanvas& canvas, const Rect& r, const SeriesStore& store,
                 const ViewSpec& spec) {
  canvas.fill(r.x, r.y, r.w, U' ', kBar);
  std::string left = " live-view";
  if (!spec.by.empty()) left += "  by " + spec.by;
  left += "  last " + format_duration(spec.span_ns);
  if (store.now_ns() != kNoTime) left += "  at " + format_rfc3339(store.now_ns());
  std::string right = "q quits ";
  int right_cells = cells(right);
  canvas.text(r.x, r.y, left, kBar, r.w - right_cells - 1);
  if (r.w > cells(left) + right_cells) canvas.text(r.right() - right_cells, r.y, right, kBar);
}

void draw_footer(CellCanvas& canvas, const Rect& r, const SeriesStore& store,
                 const ViewStatus& status) {
  std::string text = fmt::format(" {} lines", status.lines);
  if (status.bad_lines > 0) text += fmt::format(", {} bad", status.bad_lines);
  text += fmt::format("  {} keys", store.key_count());
  if (status.hidden_keys > 0) text += fmt::format(" (+{} not shown)", status.hidden_keys);
  if (!status.url.empty()) text += "  serving " + status.url;
  text += status.input_ended ? "  end of input" : "  reading";
  canvas.text(r.x, r.y, text, kDim, r.w);
}

// One key's block in a big-number counter: "● label ▲ +3" over the value in big digits.
struct BigBlock {
  size_t key;
  std::string label, trend;
  std::array<std::string, kBigDigitRows> digits;
  int width;
};

// The blocks of a counter's keys side by side, if they fit in `width` cells.
bool big_blocks(const SeriesStore& store, size_t metric, const std::string& name, int width,
                std::vector<BigBlock>* blocks) {
  blocks->clear();
  int used = 1;
  for (size_t k = 0; k < store.key_count(); ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    BigBlock b;
    b.key = k;
    b.label = store.key_label(k).empty() ? name : store.key_label(k);
    if (s->has_previous()) b.trend = format_trend(s->last() - s->previous());
    int digits_w;
    if (!big_digits(format_value(s->last()), &b.digits, &digits_w)) return false;
    int head_w = 2 + cells(b.label) + (b.trend.empty() ? 0 : 1 + cells(b.trend));
    b.width = std::max(head_w, digits_w);
    used += b.width + kBigBlockGap;
    blocks->push_back(std::move(b));
  }
  return used - kBigBlockGap <= width;
}

// A counter in big digits, keys side by side (the layout gave it kBigCounterHeight rows).
void draw_big_counter(CellCanvas& canvas, const Rect& r, const std::vector<BigBlock>& blocks,
                      const std::string& name) {
  draw_panel_title(canvas, r, name);
  int x = r.x + 1;
  for (const BigBlock& b : blocks) {
    int hx = x + canvas.text(x, r.y + 1, "● ", key_style(b.key));
    hx += canvas.text(hx, r.y + 1, b.label, {}, r.right() - hx) + 1;
    if (!b.trend.empty()) canvas.text(hx, r.y + 1, b.trend, kDim, r.right() - hx);
    for (int row = 0; row < kBigDigitRows; ++row) {
      canvas.text(x, r.y + 2 + row, b.digits[row], key_style(b.key, true), r.right() - x);
    }
    x += b.width + kBigBlockGap;
  }
}

// A counter as a table: per key, the latest value (bold, in the key's colour) and its trend.
void draw_counter(CellCanvas& canvas, const Rect& r, const SeriesStore& store, size_t metric,
                  const std::string& name) {
  size_t shown = 0, total = 0;
  for (size_t k = 0; k < store.key_count(); ++k) total += store.series(metric, k) != nullptr;
  std::string title = name;
  size_t room = static_cast<size_t>(std::max(0, r.h - 1));
  if (total > room) title += fmt::format(" ({} of {} keys)", room, total);
  draw_panel_title(canvas, r, title);
  // Labels and values in columns, so the numbers line up like a table.
  int label_w = 0, value_w = 0;
  for (size_t k = 0; k < store.key_count(); ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    label_w = std::max(label_w, cells(store.key_label(k).empty() ? name : store.key_label(k)));
    value_w = std::max(value_w, cells(format_value(s->last())));
  }
  label_w = std::min(label_w, std::max(4, r.w / 2 - 4));
  for (size_t k = 0; k < store.key_count() && shown < room; ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    int y = r.y + 1 + static_cast<int>(shown++);
    int x = r.x + 1;
    x += canvas.text(x, y, "● ", key_style(k));
    canvas.text(x, y, store.key_label(k).empty() ? name : store.key_label(k), {}, label_w);
    x += label_w + 2;
    std::string value = format_value(s->last());
    canvas.text(x + value_w - cells(value), y, value, key_style(k, true), r.right() - x);
    x += value_w + 1;
    if (s->has_previous()) {
      canvas.text(x, y, format_trend(s->last() - s->previous()), kDim, r.right() - x);
    }
  }
  if (total == 0) canvas.text(r.x + 2, r.y + 1, "waiting for data", kDim, r.w - 2);
}

void draw_chart(CellCanvas& canvas, const Rect& r, const SeriesStore& store, size_t metric,
                const std::string& name) {
  ChartLayout c = layout_chart(r, ChartSizes{});
  draw_panel_title(canvas, c.title, name);
  const Rect& plot = c.plot;
  if (plot.w < 2 || plot.h < 1) return;
  if (store.now_ns() == kNoTime) {
    canvas.text(plot.x + 1, plot.y, "waiting for data", kDim, plot.w - 1);
    return;
  }
  // Clock labels are 8 cells wide: a tick every 12 cells or more keeps them apart.
  TimeAxis time = nice_time_axis(store.now_ns(), store.span_ns(), std::max(1, plot.w / 12));
  double lo, hi;
  if (!store.value_range(metric, time.start_ns, &lo, &hi)) {
    canvas.text(plot.x + 1, plot.y, "no values in the last " + format_duration(store.span_ns()),
                kDim, plot.w - 1);
    return;
  }
  ValueAxis values = nice_value_axis(lo, hi, std::max(1, plot.h / 4));
  int dots_w = plot.w * 2, dots_h = plot.h * 4;
  auto dot_x = [&](int64_t t) {
    return plot.x * 2 + static_cast<int>(std::lround(time.fraction(t) * (dots_w - 1)));
  };
  auto dot_y = [&](double v) {
    return plot.y * 4 + static_cast<int>(std::lround((1 - values.fraction(v)) * (dots_h - 1)));
  };

  for (double tick : values.ticks) {
    int y = plot.y + static_cast<int>(std::lround((1 - values.fraction(tick)) * (plot.h - 1)));
    std::string label = format_value(tick);
    int w = std::min(cells(label), c.value_labels.w - 1);
    canvas.text(c.value_labels.right() - 1 - w, y, label, kDim, w);
    canvas.text(c.value_labels.right() - 1, y, "┤", kDim);
  }
  int free_from = c.time_labels.x;
  for (int64_t tick : time.ticks) {
    std::string label = format_clock(tick, time.step_ns);
    int x = dot_x(tick) / 2 - cells(label) / 2;
    x = std::clamp(x, c.time_labels.x, c.time_labels.right() - cells(label));
    if (x < free_from) continue;
    canvas.text(x, c.time_labels.y, label, kDim);
    free_from = x + cells(label) + 1;
  }

  int lx = c.legend.x + 1;
  for (size_t k = 0; k < store.key_count(); ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    int px = -1, py = -1;
    for (const SeriesPoint& p : s->points()) {
      if (p.t_ns < time.start_ns) continue;
      int x = dot_x(p.t_ns), y = dot_y(p.value);
      if (px < 0) {
        canvas.dot(x, y, key_colour_ansi(k));
      } else {
        canvas.line(px, py, x, y, key_colour_ansi(k));
      }
      px = x;
      py = y;
    }
    std::string label = store.key_label(k).empty() ? name : store.key_label(k);
    if (lx < c.legend.right()) {
      lx += canvas.text(lx, c.legend.y, "● ", key_style(k), c.legend.right() - lx);
      lx += canvas.text(lx, c.legend.y, label + " ", {}, c.legend.right() - lx);
      lx += canvas.text(lx, c.legend.y, format_value(s->last()), key_style(k, true),
                        c.legend.right() - lx) +
            2;
    }
  }
}

}  // namespace

CellCanvas draw_terminal_view(const SeriesStore& store, const ViewSpec& spec,
                              const ViewStatus& status, int width, int height) {
  CellCanvas canvas(width, height);
  LayoutSizes sizes;
  sizes.min_counter_width = 24;
  // Big digits when every counter's keys fit side by side and the charts keep their room;
  // else a compact table, a row per key.
  sizes.counter_height = kBigCounterHeight;
  ViewLayout layout = layout_view(width, height, spec.counters.size(), spec.fields.size(), sizes);
  std::vector<std::vector<BigBlock>> big(layout.counters.size());
  bool use_big = layout.fits && store.key_count() > 0;
  for (size_t i = 0; i < layout.counters.size() && use_big; ++i) {
    size_t metric = spec.fields.size() + i;
    use_big = big_blocks(store, metric, spec.metric_name(metric), layout.counters[i].w, &big[i]);
  }
  if (!use_big) {
    int rows = 1 + static_cast<int>(std::max<size_t>(1, store.key_count()));
    sizes.counter_height = std::min(rows, kMaxCounterRows);
    layout = layout_view(width, height, spec.counters.size(), spec.fields.size(), sizes);
  }
  if (!layout.fits || height < 3) {
    canvas.text(0, 0, fmt::format("terminal too small ({}x{}); q quits", width, height), kDim);
    return canvas;
  }
  draw_header(canvas, layout.header, store, spec);
  for (size_t i = 0; i < layout.counters.size(); ++i) {
    size_t metric = spec.fields.size() + i;
    if (use_big) {
      draw_big_counter(canvas, layout.counters[i], big[i], spec.metric_name(metric));
    } else {
      draw_counter(canvas, layout.counters[i], store, metric, spec.metric_name(metric));
    }
  }
  for (size_t i = 0; i < layout.charts.size(); ++i) {
    draw_chart(canvas, layout.charts[i], store, i, spec.metric_name(i));
  }
  draw_footer(canvas, layout.footer, store, status);
  return canvas;
}

}  // namespace rivulet
