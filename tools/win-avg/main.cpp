// win-avg: average, minimum and maximum of numeric fields per key per event-time window.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "window/field_averages.hpp"
#include "window/window_tool.hpp"

int main(int argc, char** argv) {
  using namespace rivulet;
  ToolCli cli("win-avg",
              "Average, minimum and maximum of numeric fields per key in event-time windows",
              "  win-avg --by stream --window 10s frames.ndjson\n"
              "  frames-gen --streams 4 | win-avg --by stream --field bitrate_kbps,fps\n"
              "  win-avg --by stream --where 'keyframe=true,width>=1280' frames.ndjson\n"
              "  ksub -t frames | win-avg --by stream --window 1m --hop 10s --lateness 5s "
              "--late late.ndjson\n");
  WindowToolOptions options;
  std::vector<std::string> fields;
  cli.app()
      .add_option("-f,--field", fields,
                  "Average this numeric field (repeatable or comma-separated; default "
                  "bitrate_kbps)")
      ->type_name("F");
  add_window_options(&cli, &options);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  return run_tool(cli.name(), [&] {
    std::vector<FieldPath> paths = parse_field_options(fields);
    if (paths.empty()) paths.emplace_back("bitrate_kbps");
    FieldAverages averages(std::move(paths));
    return run_window_tool(cli.name(), options, &averages);
  });
}
