// win-avg: average, minimum, maximum, sum and percentiles of numeric fields per key per
// event-time window.

#include <cstdint>
#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "cli/window_options.hpp"
#include "error.hpp"
#include "window/field_averages.hpp"
#include "window/percentile.hpp"
#include "window/window_tool.hpp"

int main(int argc, char** argv) {
  using namespace rivulet;
  ToolCli cli("win-avg",
              "Average, minimum, maximum, sum and percentiles of numeric fields per key in "
              "event-time windows",
              "  win-avg --by stream --window 10s frames.ndjson\n"
              "  win-avg --by stream --percentile 50,95,99.9 --sum frames.ndjson\n"
              "  frames-gen --streams 4 | win-avg --by stream --field bitrate_kbps,fps\n"
              "  win-avg --by stream --where 'keyframe=true,width>=1280' frames.ndjson\n"
              "  ksub -t frames | win-avg --by stream --window 1m --hop 10s --lateness 5s "
              "--late late.ndjson\n");
  WindowToolOptions options;
  std::vector<std::string> fields;
  std::vector<std::string> percentiles;
  FieldExtras extras;
  int64_t exact_limit = static_cast<int64_t>(extras.exact_limit);
  cli.app()
      .add_option("-f,--field", fields,
                  "Average this numeric field (repeatable or comma-separated; default "
                  "bitrate_kbps)")
      ->type_name("F");
  cli.app()
      .add_option("-p,--percentile", percentiles,
                  "Add F_pP, InfluxDB's percentile(F, P) (repeatable or comma-separated)")
      ->type_name("P")
      ->allow_extra_args(false);  // one value an occurrence: FILE arguments stay inputs
  cli.app().add_flag("--sum", extras.sum, "Add F_sum, the sum of F");
  cli.app()
      .add_option("--exact-limit", exact_limit,
                  "Percentiles are exact up to N values per window and key, within 1% beyond")
      ->type_name("N")
      ->capture_default_str();
  add_window_options(&cli, &options);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  return run_tool(cli.name(), [&] {
    std::vector<FieldPath> paths = parse_field_options(fields);
    if (paths.empty()) paths.emplace_back("bitrate_kbps");
    if (exact_limit < 0) throw UsageError("--exact-limit must not be negative");
    extras.exact_limit = static_cast<uint64_t>(exact_limit);
    extras.percentiles = parse_percentile_options(percentiles);
    FieldAverages averages(std::move(paths), std::move(extras));
    return run_window_tool(cli.name(), options, &averages);
  });
}
