// win-session: viewer sessions (events of a key at most a gap apart), one line per session.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "cli/window_options.hpp"
#include "window/session_tool.hpp"
#include "window/window_tool.hpp"

int main(int argc, char** argv) {
  using namespace rivulet;
  ToolCli cli("win-session", "Session windows per key: events at most a gap apart form one session",
              "  win-session --by viewer --gap 30s --keep stream viewers.ndjson\n"
              "  frames-gen --viewers 200 | win-session --by viewer --keep stream\n"
              "  win-session --by viewer --keep stream viewers.ndjson | "
              "win-avg --by stream --field duration_ms --time-field session_end\n");
  WindowToolOptions options;
  int64_t gap_ns = 30LL * 1000000000;
  std::vector<std::string> keep;
  cli.add_duration("--gap", &gap_ns, "A key's events at most this far apart belong to one session");
  cli.app()
      .add_option("-k,--keep", keep,
                  "Copy this field of a session's first event into its result (repeatable "
                  "or comma-separated)")
      ->type_name("F")
      ->allow_extra_args(false);  // one value an occurrence: FILE arguments stay inputs
  add_window_options(&cli, &options, false);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  return run_tool(cli.name(), [&] {
    return run_session_tool(cli.name(), options, gap_ns, parse_field_options(keep));
  });
}
