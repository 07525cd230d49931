#pragma once
// Draws one frame of the full-screen terminal view: line charts with legends, big-number
// counter panels, a title and a status line.

#include <cstdint>
#include <string>

#include "view/cell_canvas.hpp"
#include "view/series_store.hpp"
#include "view/view_spec.hpp"

namespace rivulet {

// What the status line says besides the numbers.
struct ViewStatus {
  uint64_t lines = 0;        // input lines read
  uint64_t bad_lines = 0;    // of which malformed
  uint64_t hidden_keys = 0;  // keys beyond --max-keys, not shown
  bool input_ended = false;
  std::string url;  // where --serve serves the page, "" if not serving
};

// The frame for a terminal of width x height cells. `store` must not change meanwhile.
CellCanvas draw_terminal_view(const SeriesStore& store, const ViewSpec& spec,
                              const ViewStatus& status, int width, int height);

}  // namespace rivulet
