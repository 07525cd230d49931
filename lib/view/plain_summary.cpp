#include "view/plain_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "time/timestamp.hpp"

namespace rivulet {

std::string format_plain_value(double value) {
  if (!std::isfinite(value)) return "-";
  std::string text = std::abs(value) >= 1 || value == 0 ? fmt::format("{:.2f}", value)
                                                        : fmt::format("{:.4g}", value);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? "0" : text;
}

void append_plain_summary(const SeriesStore& store, const ViewSpec& spec, uint64_t lines,
                          std::string* out) {
  std::string when = store.now_ns() == kNoTime ? "no data yet" : format_rfc3339(store.now_ns());
  fmt::format_to(std::back_inserter(*out), "{}  {} lines, {} keys\n", when, lines,
                 store.key_count());
  using Row = std::array<std::string, 6>;
  std::vector<Row> rows{{"metric", "key", "latest", "change", "min", "max"}};
  for (size_t m = 0; m < spec.metric_count(); ++m) {
    for (size_t k = 0; k < store.key_count(); ++k) {
      const Series* s = store.series(m, k);
      if (s == nullptr) continue;
      double lo = s->last(), hi = s->last();
      s->extend_range(store.now_ns() - store.span_ns(), &lo, &hi);
      std::string change = "-";
      if (s->has_previous()) {
        change = format_plain_value(s->last() - s->previous());
        if (change[0] != '-' && change != "0") change = "+" + change;
      }
      std::string key = store.key_label(k).empty() ? "-" : store.key_label(k);
      rows.push_back(Row{spec.metric_name(m), key, format_plain_value(s->last()), change,
                         format_plain_value(lo), format_plain_value(hi)});
    }
  }
  if (rows.size() == 1) return;
  std::array<size_t, 6> width{};
  for (const Row& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  for (const Row& r : rows) {
    // Names left-aligned, numbers right-aligned.
    fmt::format_to(std::back_inserter(*out), "  {:<{}}  {:<{}}  {:>{}}  {:>{}}  {:>{}}  {:>{}}\n",
                   r[0], width[0], r[1], width[1], r[2], width[2], r[3], width[3], r[4], width[4],
                   r[5], width[5]);
  }
}

}  // namespace rivulet
