#pragma once
// win-session's run: session windows on the window tools' loop.

#include <cstdint>
#include <string>
#include <vector>

#include "json/field_path.hpp"
#include "time/clock.hpp"
#include "window/window_tool.hpp"

namespace rivulet {

// Reads events, groups them into sessions per --by key (events at most gap_ns apart) and
// writes one line per closed session, keeping the `keep` fields of its first event. Same
// contract as run_window_tool (options.window_ns and hop_ns are not used). Throws
// UsageError for a gap outside (0, 10000d].
int run_session_tool(const std::string& tool, const WindowToolOptions& options, int64_t gap_ns,
                     std::vector<FieldPath> keep, const Clock* clock = nullptr);

}  // namespace rivulet
