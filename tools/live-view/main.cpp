// live-view: the live numbers of a pipeline in the terminal or in a browser, and as an SVG.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "view/live_view.hpp"
#include "window/window_tool.hpp"

using namespace rivulet;

namespace {

const char* const kExamples =
    "  frames-gen --streams 4 | win-avg --by stream --window 1s --line-buffered |\n"
    "      live-view --by stream --field bitrate_kbps_avg --span 1m\n"
    "  ksub -t viewers | win-count --by stream --distinct viewer --where event=beat |\n"
    "      live-view --by stream --counter viewer_distinct --serve 127.0.0.1:8080\n"
    "  live-view --by stream --field bitrate_kbps_avg --svg bitrate.svg results.ndjson\n";

// The names of a repeatable option whose values may be comma-separated lists.
std::vector<std::string> field_names(const std::vector<std::string>& values) {
  std::vector<std::string> names;
  for (const FieldPath& f : parse_field_options(values)) names.push_back(f.text());
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  LiveViewOptions options;
  std::vector<std::string> fields, counters;
  bool plain = false, quiet = false;

  ToolCli cli("live-view",
              "Shows NDJSON numbers live, as they arrive: line charts and big-number panels per\n"
              "key, full screen in the terminal, as plain summaries when standard output is not\n"
              "a terminal, in browsers with --serve, and as an SVG snapshot with --svg.",
              kExamples);
  CLI::App& app = cli.app();
  cli.add_inputs(&options.inputs);
  app.add_option("-f,--field", fields,
                 "Draw a line chart of this numeric field (repeatable or comma-separated)")
      ->type_name("F")
      ->allow_extra_args(false);  // "--field x FILE": FILE is an input, not a second field
  app.add_option("-c,--counter", counters,
                 "Show this numeric field as big numbers: latest value per key and its trend "
                 "(repeatable or comma-separated)")
      ->type_name("F")
      ->allow_extra_args(false);
  app.add_option("--by", options.spec.by,
                 "One line (and counter row) per value of these comma-separated fields")
      ->type_name("F[,F...]");
  cli.add_duration("--span", &options.spec.span_ns, "Charts show this much event time");
  app.add_option("--serve", options.serve,
                 "Serve the view to browsers at http://HOST:PORT/ (HOST defaults to 127.0.0.1)")
      ->type_name("HOST:PORT");
  app.add_option("--svg", options.svg_path, "Write an SVG snapshot to FILE at the end of input")
      ->type_name("FILE");
  app.add_option("--png", options.png_path,
                 "Write a PNG snapshot to FILE at the end of input (needs rsvg-convert)")
      ->type_name("FILE");
  cli.add_duration("--refresh", &options.refresh_ns,
                   "Redraw the terminal and update browsers this often");
  cli.add_duration("--interval", &options.interval_ns,
                   "Print a plain summary this often when standard output is not a terminal");
  app.add_flag("--plain", plain, "Plain summaries even when standard output is a terminal");
  app.add_flag("-q,--quiet", quiet, "No terminal view or summaries (with --serve, --svg, --png)");
  app.add_option("--max-keys", options.max_keys, "Show at most N keys; later new keys are ignored")
      ->type_name("N")
      ->capture_default_str();
  cli.add_time_options(&options.time);
  cli.add_bad_input_options(&options.bad_input);

  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  if (plain && quiet) return cli.usage_error("--plain and --quiet cannot go together");
  if (plain) options.display = Display::kPlain;
  if (quiet) options.display = Display::kNone;

  return run_tool(cli.name(), [&] {
    options.spec.fields = field_names(fields);
    options.spec.counters = field_names(counters);
    return run_live_view(cli.name(), options);
  });
}
