#pragma once
// Turns frames (CellCanvas) into the escape sequences that update a terminal in place.

#include <string>
#include <vector>

#include "view/cell_canvas.hpp"

namespace rivulet {

// Enters the full-screen view: alternate screen, cursor hidden, no line wrap, cleared.
extern const char* const kEnterFullScreen;
// Leaves it, restoring what enter changed; safe to write more than once.
extern const char* const kLeaveFullScreen;

// Remembers the rows last written so each frame sends only the rows that changed.
class AnsiScreen {
 public:
  // Appends to *out what turns the previous frame into `frame` (everything after
  // invalidate() or a size change).
  void render(const CellCanvas& frame, std::string* out);
  // Forgets the screen's contents (after a resize, or returning from the background): the
  // next frame clears the screen and draws everything.
  void invalidate() { rows_.clear(); }
  // The next frame writes every row again, without clearing first (no flicker): paints over
  // whatever else was written to the terminal.
  void repaint() {
    for (std::string& row : rows_) row.clear();
  }

 private:
  std::vector<std::string> rows_;
  int width_ = -1;
};

// Row y of `frame` with its colours as SGR sequences, ending with the attributes reset.
std::string ansi_row(const CellCanvas& frame, int y);

}  // namespace rivulet
