#include "view/svg_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "time/duration.hpp"
#include "time/timestamp.hpp"
#include "view/chart_scale.hpp"
#include "view/key_palette.hpp"
#include "view/markup_escape.hpp"
#include "view/panel_layout.hpp"

namespace rivulet {

namespace {

constexpr int kHeader = 40;
constexpr int kCounterTitle = 28;
constexpr int kCounterRow = 26;
constexpr int kMaxCounterKeys = 12;
// Estimated advance of one character at font-size 12, for placing legend entries.
constexpr double kCharWidth = 8.0;
constexpr size_t kMaxDottedPoints = 60;

class SvgWriter {
 public:
  explicit SvgWriter(std::string* out) : out_(*out) {}

  template <typename... Args>
  void raw(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
  }
  void text(double x, double y, std::string_view attrs, std::string_view content) {
    raw("<text x=\"{:.1f}\" y=\"{:.1f}\" {}>", x, y, attrs);
    append_markup_escaped(out_, content);
    out_ += "</text>";
  }
  void escaped(std::string_view content) { append_markup_escaped(out_, content); }

 private:
  std::string& out_;
};

std::string label_of(const SeriesStore& store, size_t key, const std::string& metric) {
  return store.key_label(key).empty() ? metric : store.key_label(key);
}

void draw_counter(SvgWriter& w, const Rect& r, const SeriesStore& store, size_t metric,
                  const std::string& name) {
  w.raw("<g class=\"counter\" data-field=\"");
  w.escaped(name);
  w.raw(
      "\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"none\" "
      "stroke=\"#d0d0d0\"/>",
      r.x + 0.5, r.y + 0.5, r.w - 1, r.h - 1);
  w.text(r.x + 10, r.y + 19, "font-weight=\"bold\" fill=\"#333\"", name);
  size_t longest = 0;
  for (size_t k = 0; k < store.key_count(); ++k) {
    longest = std::max(longest, label_of(store, k, name).size());
  }
  double value_x = r.x + 40 + std::min<double>(longest * kCharWidth, r.w * 0.4);
  int row = 0;
  for (size_t k = 0; k < store.key_count() && row < kMaxCounterKeys; ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    double y = r.y + kCounterTitle + row++ * kCounterRow + 18;
    w.raw("<g class=\"counter-row\" data-key=\"");
    w.escaped(store.key_label(k));
    w.raw("\"><rect x=\"{}\" y=\"{:.1f}\" width=\"10\" height=\"10\" fill=\"{}\"/>", r.x + 10,
          y - 10, key_colour_hex(k));
    w.text(r.x + 26, y, "fill=\"#333\"", label_of(store, k, name));
    std::string value = format_value(s->last());
    w.text(value_x, y + 2, "class=\"value\" font-size=\"20\" font-weight=\"bold\"", value);
    if (s->has_previous()) {
      std::string trend = format_trend(s->last() - s->previous());
      w.text(value_x + value.size() * 13 + 14, y, "class=\"trend\" fill=\"#666\"", trend);
    }
    w.raw("</g>");
  }
  if (row == 0) w.text(r.x + 10, r.y + 46, "fill=\"#888\"", "waiting for data");
  w.raw("</g>");
}

void draw_chart(SvgWriter& w, const Rect& r, const SeriesStore& store, size_t metric,
                const std::string& name) {
  ChartSizes sizes;
  sizes.title = 28;
  sizes.value_label_width = 64;
  sizes.time_labels = 22;
  sizes.legend = 26;
  sizes.right_margin = 16;
  ChartLayout c = layout_chart(r, sizes);
  const Rect& plot = c.plot;
  w.raw("<g class=\"chart\" data-field=\"");
  w.escaped(name);
  w.raw("\">");
  w.text(r.x + 10, r.y + 19, "class=\"title\" font-weight=\"bold\" fill=\"#333\"", name);
  w.raw("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#d0d0d0\"/>",
        plot.x, plot.y, plot.w, plot.h);
  double lo, hi;
  TimeAxis time = nice_time_axis(store.now_ns() == kNoTime ? 0 : store.now_ns(), store.span_ns(),
                                 std::max(1, plot.w / 90));
  if (!store.value_range(metric, time.start_ns, &lo, &hi)) {
    w.text(plot.x + 12, plot.y + 22, "fill=\"#888\"", "waiting for data");
    w.raw("</g>");
    return;
  }
  ValueAxis values = nice_value_axis(lo, hi, std::max(1, plot.h / 40));
  auto px = [&](int64_t t) { return plot.x + time.fraction(t) * plot.w; };
  auto py = [&](double v) { return plot.y + (1 - values.fraction(v)) * plot.h; };

  w.raw("<g class=\"axes\" fill=\"#666\" stroke=\"#ececec\">");
  for (double tick : values.ticks) {
    w.raw("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\"/>", plot.x, plot.right(), py(tick),
          py(tick));
    w.text(plot.x - 6, py(tick) + 4, "text-anchor=\"end\" stroke=\"none\"", format_value(tick));
  }
  for (int64_t tick : time.ticks) {
    w.raw("<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{}\" y2=\"{}\"/>", px(tick), px(tick), plot.y,
          plot.bottom());
    // Labels at the ends of the axis stay inside the picture.
    const char* anchor = px(tick) > plot.right() - 30 ? "end"
                         : px(tick) < plot.x + 30     ? "start"
                                                      : "middle";
    w.text(px(tick), plot.bottom() + 16, fmt::format("text-anchor=\"{}\" stroke=\"none\"", anchor),
           format_clock(tick, time.step_ns));
  }
  w.raw("</g>");

  double legend_x = c.legend.x + 10;
  double legend_y = c.legend.y + 18;
  w.raw("<g class=\"legend\">");
  std::string lines;
  SvgWriter line_writer(&lines);
  for (size_t k = 0; k < store.key_count(); ++k) {
    const Series* s = store.series(metric, k);
    if (s == nullptr) continue;
    line_writer.raw("<polyline class=\"series\" data-key=\"");
    line_writer.escaped(store.key_label(k));
    line_writer.raw(
        "\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
        "stroke-linejoin=\"round\" points=\"",
        key_colour_hex(k));
    const char* sep = "";
    size_t shown = 0;
    for (const SeriesPoint& p : s->points()) {
      if (p.t_ns < time.start_ns) continue;
      line_writer.raw("{}{:.1f},{:.1f}", sep, px(p.t_ns), py(p.value));
      sep = " ";
      ++shown;
    }
    line_writer.raw("\"/>");
    // Sparse series (a few window results, or a single one, which makes no line) get a dot
    // at each point.
    if (shown <= kMaxDottedPoints) {
      for (const SeriesPoint& p : s->points()) {
        if (p.t_ns < time.start_ns) continue;
        line_writer.raw("<circle class=\"point\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>",
                        px(p.t_ns), py(p.value), key_colour_hex(k));
      }
    }
    std::string label = label_of(store, k, name);
    std::string latest = format_value(s->last());
    w.raw("<g class=\"legend-entry\" data-key=\"");
    w.escaped(store.key_label(k));
    w.raw("\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"4\" fill=\"{}\"/>", legend_x,
          legend_y - 6, key_colour_hex(k));
    w.text(legend_x + 16, legend_y, "fill=\"#333\"", label);
    double latest_x = legend_x + 20 + label.size() * kCharWidth;
    w.text(latest_x, legend_y, "class=\"latest\" font-weight=\"bold\" fill=\"#333\"", latest);
    w.raw("</g>");
    legend_x = latest_x + latest.size() * kCharWidth + 18;
  }
  w.raw("</g>{}</g>", lines);
}

}  // namespace

std::string render_svg(const SeriesStore& store, const ViewSpec& spec, const SvgOptions& options) {
  LayoutSizes sizes;
  sizes.header = kHeader;
  sizes.footer = 8;
  size_t keys = std::clamp<size_t>(store.key_count(), 1, kMaxCounterKeys);
  sizes.counter_height = kCounterTitle + static_cast<int>(keys) * kCounterRow + 8;
  sizes.min_counter_width = 220;
  sizes.gap = 12;
  sizes.min_chart_height = 0;
  int width = options.width;
  int counter_rows = 0;
  if (!spec.counters.empty()) {
    size_t per_row = counters_per_row(width, spec.counters.size(), sizes);
    counter_rows = static_cast<int>((spec.counters.size() + per_row - 1) / per_row);
  }
  int charts = static_cast<int>(spec.fields.size());
  int height = sizes.header + counter_rows * (sizes.counter_height + sizes.gap) +
               charts * options.chart_height + std::max(0, charts - 1) * sizes.gap + sizes.footer;
  ViewLayout layout = layout_view(width, height, spec.counters.size(), spec.fields.size(), sizes);

  std::string out;
  SvgWriter w(&out);
  w.raw(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"live-view\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" "
      "font-size=\"12\">",
      width, height, width, height);
  if (!options.background.empty()) {
    w.raw("<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>", width, height, options.background);
  }
  std::string title = "live-view";
  if (!spec.by.empty()) title += " by " + spec.by;
  title += ", last " + format_duration(spec.span_ns);
  if (store.now_ns() != kNoTime) title += ", until " + format_rfc3339(store.now_ns());
  w.text(10, 26, "class=\"heading\" font-size=\"16\" font-weight=\"bold\" fill=\"#222\"", title);
  for (size_t i = 0; i < layout.counters.size(); ++i) {
    size_t metric = spec.fields.size() + i;
    draw_counter(w, layout.counters[i], store, metric, spec.metric_name(metric));
  }
  for (size_t i = 0; i < layout.charts.size(); ++i) {
    draw_chart(w, layout.charts[i], store, i, spec.metric_name(i));
  }
  w.raw("</svg>\n");
  return out;
}

}  // namespace rivulet
