#pragma once
// Draws the view as one self-contained SVG document: the --svg snapshot, and the frames the
// browser page shows. Every text from the input is escaped.

#include <string>

#include "view/series_store.hpp"
#include "view/view_spec.hpp"

namespace rivulet {

struct SvgOptions {
  int width = 960;
  int chart_height = 260;
  // Background and text colours; the page asks for a transparent background.
  std::string background = "#ffffff";
};

// The SVG document (no XML declaration, so it can also be put inline into HTML). Each chart
// is a <g class="chart" data-field=...> holding one <polyline class="series" data-key=...>
// per key with values in the span and a <g class="legend"> entry per key; each counter is a
// <g class="counter" data-field=...> with a <g class="counter-row" data-key=...> per key.
std::string render_svg(const SeriesStore& store, const ViewSpec& spec,
                       const SvgOptions& options = {});

}  // namespace rivulet
