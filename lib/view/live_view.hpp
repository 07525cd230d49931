#pragma once
// live-view's run: a reader thread turns input lines into series while the main thread
// shows them (full-screen terminal view, or plain summaries), serves browsers, and writes
// the snapshot at the end.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/input_options.hpp"
#include "view/view_spec.hpp"

namespace rivulet {

enum class Display {
  kAuto,      // the terminal view when standard output is a terminal, else plain
  kTerminal,  // full screen
  kPlain,     // periodic text summaries
  kNone,      // nothing on standard output (--quiet)
};

struct LiveViewOptions {
  std::vector<std::string> inputs;
  BadInputOptions bad_input;
  TimeOptions time;
  ViewSpec spec;
  Display display = Display::kAuto;
  std::string serve;  // HOST:PORT, "" for none
  std::string svg_path;
  std::string png_path;
  int64_t refresh_ns = 250LL * 1000000;     // terminal redraws, browser frames
  int64_t interval_ns = 10LL * 1000000000;  // plain summaries
  size_t max_keys = 20;
};

// Checks the options that CLI11 cannot (throws UsageError): at least one metric, positive
// durations, a PNG converter when --png is given.
void check_live_view_options(const LiveViewOptions& options);

// Runs until the end of input (in the terminal view: until q), an interrupt or SIGTERM.
// Returns the exit status: 1 if any input line was bad, else 0. Throws rivulet::Error on
// I/O failures (the terminal is restored first).
int run_live_view(const std::string& tool, const LiveViewOptions& options);

}  // namespace rivulet
