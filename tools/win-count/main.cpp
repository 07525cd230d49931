// win-count: events and distinct values per key per event-time window.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "error.hpp"
#include "window/event_counts.hpp"
#include "window/window_tool.hpp"

int main(int argc, char** argv) {
  using namespace rivulet;
  ToolCli cli("win-count", "Count events and distinct values per key in event-time windows",
              "  win-count --by stream --window 10s frames.ndjson\n"
              "  frames-gen --viewers 50 | win-count --by stream --distinct viewer "
              "--where event=beat\n"
              "  win-count --by stream,width --window 1m --hop 10s frames.ndjson\n");
  WindowToolOptions options;
  std::vector<std::string> distinct;
  cli.app()
      .add_option("-d,--distinct", distinct,
                  "Count the distinct values of this field exactly (repeatable or "
                  "comma-separated)")
      ->type_name("F");
  add_window_options(&cli, &options);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  return run_tool(cli.name(), [&] {
    EventCounts counts(parse_field_options(distinct), EventFilter({}));
    return run_window_tool(cli.name(), options, &counts);
  });
}
