// replay: captured NDJSON events back into a live pipeline at their original pace.

#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "error.hpp"
#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "io/signals.hpp"
#include "replay/replayer.hpp"

using namespace rivulet;

namespace {

const char* const kExamples =
    "  replay capture.ndjson                        at the pace it was captured\n"
    "  replay --speed 10 capture.ndjson | win-avg --window 10s\n"
    "  replay --retime --loop 3 capture.ndjson | kpub -t frames -k stream\n"
    "  replay --speed 0 --retime capture.ndjson    no waiting, timestamps moved to now\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  BadInputOptions bad;
  TimeOptions time;
  double speed = 1;
  bool retime = false;
  int loops = 1;
  std::string stream_field = "stream";
  bool line_buffered = false;

  ToolCli cli("replay",
              "Re-emits NDJSON lines keeping the gaps between their event times, so a capture\n"
              "plays back into a live pipeline as it happened.",
              kExamples);
  CLI::App& app = cli.app();
  cli.add_inputs(&inputs);
  app.add_option("--speed", speed, "Playback speed: 2 is twice as fast, 0 means no waiting")
      ->check(CLI::NonNegativeNumber.description(""))
      ->type_name("X")
      ->capture_default_str();
  app.add_flag("--retime", retime,
               "Shift every timestamp so the first event is now (gaps kept as captured)");
  app.add_option("--loop", loops, "Play the input N times (needs files, not stdin)")
      ->check(CLI::Range(1, 1000000000).description(""))
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--by", stream_field,
                 "With --loop: the field telling streams apart, so each keeps its own frame "
                 "interval at the seam")
      ->type_name("F")
      ->capture_default_str();
  cli.add_time_options(&time);
  cli.add_bad_input_options(&bad);
  cli.add_line_buffered(&line_buffered);

  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  if (loops > 1) {
    if (inputs.empty())
      return cli.usage_error("--loop needs input files: standard input can be read only once");
    for (const std::string& path : inputs) {
      if (path == "-")
        return cli.usage_error("--loop needs input files: standard input can be read only once");
    }
  }

  return run_tool(cli.name(), [&] {
    Diagnostics diagnostics(cli.name());
    apply_bad_input_options(bad, &diagnostics);
    OutputWriter out(1);
    out.set_line_buffered(line_buffered);
    Pacer pacer(speed, &rivulet::system_wait_clock());
    pacer.set_before_sleep([&] { out.flush(); });
    ReplayOptions options{time.reader(), retime, realtime_now_ns() / 1000000 * 1000000,
                          FieldPath(stream_field), loops > 1};
    Replayer replayer(options, &pacer, &out, &diagnostics);

    bool stopped = false;
    for (int loop = 0; loop < loops && !stopped && !diagnostics.should_stop(); ++loop) {
      replayer.begin_loop(loop);
      InputChain input(inputs);
      input.set_before_wait([&] { out.flush(); });
      Line line;
      while (!diagnostics.should_stop()) {
        ReadStatus status = input.next(&line);
        if (status != ReadStatus::kLine) {
          stopped = status == ReadStatus::kStopped;
          break;
        }
        if (!replayer.process(line.text, input.source(), line.number)) {
          stopped = true;
          break;
        }
      }
    }
    out.flush();
    diagnostics.finish();
    return static_cast<int>(diagnostics.bad_lines() > 0 ? kExitDataError : kExitOk);
  });
}
