// win-count: events and distinct values per key per event-time window.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "cli/window_options.hpp"
#include "error.hpp"
#include "window/event_counts.hpp"
#include "window/window_tool.hpp"

int main(int argc, char** argv) {
  using namespace rivulet;
  ToolCli cli("win-count", "Count events and distinct values per key in event-time windows",
              "  win-count --by stream --window 10s frames.ndjson\n"
              "  frames-gen --viewers 50 | win-count --by stream --distinct viewer "
              "--where event=beat\n"
              "  win-count --by stream,width --window 1m --hop 10s frames.ndjson\n"
              "  win-count --by stream --where event=leave --fill zero viewers.ndjson\n");
  WindowToolOptions options;
  std::vector<std::string> distinct;
  std::string fill;
  int64_t forget_ns = 5LL * 60 * 1000000000;
  cli.app()
      .add_option("-d,--distinct", distinct,
                  "Count the distinct values of this field exactly (repeatable or "
                  "comma-separated)")
      ->type_name("F");
  cli.app()
      .add_option("--fill", fill,
                  "A key seen in an earlier window gets count 0 where it has no events")
      ->type_name("zero")
      ->check([](const std::string& mode) {
        return mode == "zero" ? std::string() : "\"" + mode + "\" is not a fill mode (zero)";
      });
  CLI::Option* forget = cli.add_duration("--forget", &forget_ns,
                                         "With --fill zero, stop filling a key silent this long");
  add_window_options(&cli, &options);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  return run_tool(cli.name(), [&] {
    if (forget->count() > 0 && fill.empty()) throw UsageError("--forget needs --fill zero");
    if (!fill.empty()) {
      if (forget_ns <= 0) throw UsageError("--forget must be longer than 0");
      options.fill_zero_forget_ns = forget_ns;
    }
    EventCounts counts(parse_field_options(distinct), EventFilter({}));
    return run_window_tool(cli.name(), options, &counts);
  });
}
