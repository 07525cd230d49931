#pragma once
// The command-line options of the window tools (win-avg, win-count, win-session).

#include "cli/tool_cli.hpp"
#include "window/window_tool.hpp"

namespace rivulet {

// Adds the options the window tools have: inputs, --by, --where, --window and --hop (unless
// !fixed_windows: win-session's windows have no fixed length), --lateness, --idle, --late,
// --checkpoint, the time and bad-input options, --line-buffered, --stats.
void add_window_options(ToolCli* cli, WindowToolOptions* options, bool fixed_windows = true);

}  // namespace rivulet
