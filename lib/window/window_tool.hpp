#pragma once
// What the window tools share: their options and their read-aggregate-emit loop.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/input_options.hpp"
#include "io/output_writer.hpp"
#include "io/stats_ticker.hpp"
#include "time/clock.hpp"
#include "window/aggregation.hpp"
#include "window/checkpoint_keys.hpp"
#include "window/event_clock.hpp"
#include "window/event_filter.hpp"
#include "window/event_reader.hpp"
#include "window/event_windows.hpp"
#include "window/group_key.hpp"

namespace rivulet {

constexpr int64_t kDefaultWindowNs = 10LL * 1000000000;
// Two seconds of silence is far longer than the gaps of a live source (a frame every
// 33 ms, a viewer heartbeat a second, Kafka's default fetch wait of 500 ms), so a flowing
// stream never closes a window on the wall clock; and short enough that a dashboard shows
// the last window of a paused stream promptly after its end.
constexpr int64_t kDefaultIdleNs = 2LL * 1000000000;

struct WindowToolOptions {
  std::vector<std::string> inputs;
  BadInputOptions bad_input;
  TimeOptions time;
  std::string by;
  std::vector<std::string> where;  // --where conditions, each maybe a comma list
  int64_t window_ns = kDefaultWindowNs;
  int64_t hop_ns = 0;  // 0: tumbling (hop = window)
  int64_t lateness_ns = 0;
  int64_t idle_ns = kDefaultIdleNs;
  std::string late_path;
  int64_t fill_zero_forget_ns = 0;  // win-count --fill zero --forget D; 0: no filling
  bool line_buffered = false;
  StatsFormat stats = StatsFormat::kOff;
  std::string checkpoint;  // --checkpoint DIR: see CheckpointedWindows
};

// The options are registered by add_window_options (cli/window_options.hpp).

// The fields of a repeatable option whose values may also be comma-separated lists
// ("-f a -f b,c" gives a, b, c).
std::vector<FieldPath> parse_field_options(const std::vector<std::string>& values);
// The --where conditions of repeated options and comma lists. Throws UsageError.
std::vector<FieldCondition> parse_where_options(const std::vector<std::string>& values);

// Reads events, aggregates them into windows and writes a result line per key per closed
// window to stdout; messages go to stderr through Diagnostics. Returns the exit status: 1 if
// any input line was bad (late events alone do not count: they are not malformed), else 0.
// Throws UsageError for inconsistent options, rivulet::Error for I/O failures. `clock`
// (default: the system's monotonic clock) drives idle advance.
int run_window_tool(const std::string& tool, const WindowToolOptions& options,
                    Aggregation* aggregation, const Clock* clock = nullptr);

// Makes a tool's windows, writing results to *out, once the loop has built the grouping key.
using WindowsFactory =
    std::function<std::unique_ptr<EventWindows>(const GroupKey& key, OutputWriter* out)>;

// The loop of run_window_tool for windows of any shape: `reader` reads each event's values,
// `time_names` are the result fields before the key fields ("ts", "window_end"), checked
// with the key and reader's fields for duplicates.
int run_event_windows(const std::string& tool, const WindowToolOptions& options,
                      EventReader* reader, const std::vector<std::string>& time_names,
                      const WindowsFactory& make_windows, const Clock* clock = nullptr,
                      CheckpointKeys* checkpoint_keys = nullptr);

}  // namespace rivulet
