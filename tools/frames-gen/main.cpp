// frames-gen: synthetic webcam frame events, or viewer events, as NDJSON.

#include <cstdio>
#include <memory>
#include <string>

#include "cli/tool_cli.hpp"
#include "error.hpp"
#include "gen/frame_generator.hpp"
#include "gen/viewer_generator.hpp"
#include "io/exit_status.hpp"
#include "io/output_writer.hpp"
#include "io/signals.hpp"
#include "time/pacer.hpp"

using namespace rivulet;

namespace {

const char* const kExamples =
    "  frames-gen --streams 4                      4 live webcams, until stopped\n"
    "  frames-gen --streams 4 --fast --count 1000000 > capture.ndjson\n"
    "  frames-gen --viewers 200 --streams 4 --duration 1m\n"
    "  frames-gen --resolution 1920x1080 --fps 60 --seed 7 --fast --duration 10s\n"
    "  frames-gen --streams 4 | kpub -t frames -k stream\n";

struct Options {
  int streams = 1;
  double fps = 30;
  long long count = -1;
  int64_t duration_ns = -1;
  std::string start = "now";
  unsigned long long seed = 1;
  bool fast = false;
  std::string resolution;
  int viewers = -1;
  bool line_buffered = false;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  ToolCli cli("frames-gen",
              "Emits synthetic webcam frame events (or, with --viewers, viewer events) as NDJSON,\n"
              "paced in real time like a camera unless --fast.",
              kExamples);
  CLI::App& app = cli.app();
  app.add_option("--streams", o.streams, "Number of streams, named cam-1..cam-N")
      ->check(CLI::Range(1, 100000).description(""))
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--fps", o.fps, "Frames per second of every stream")
      ->check(CLI::Range(0.001, 1000.0).description(""))
      ->type_name("F")
      ->capture_default_str();
  app.add_option("--count", o.count, "Stop after N events (default: no limit)")
      ->check(CLI::NonNegativeNumber.description(""))
      ->type_name("N");
  cli.add_duration("--duration", &o.duration_ns,
                   "Stop after this much event time, e.g. 30s (default: no limit)");
  app.add_option("--start", o.start, "Event time of the first frame: now, RFC 3339, or epoch s/ms")
      ->type_name("TIME")
      ->capture_default_str();
  app.add_option("--seed", o.seed, "Random seed: the same seed and options give the same output")
      ->type_name("N")
      ->capture_default_str();
  app.add_flag("--fast", o.fast,
               "Do not pace: emit as fast as possible (timestamps stay 1/fps apart)");
  app.add_option("--resolution", o.resolution,
                 "Pin every stream to WxH, e.g. 1280x720 (default: adaptive, 360p..2160p ladder)")
      ->type_name("WxH");
  app.add_option("--viewers", o.viewers,
                 "Emit viewer events (join/beat/leave) for about N viewers instead of frames")
      ->check(CLI::Range(0, 10000000).description(""))
      ->type_name("N");
  cli.add_line_buffered(&o.line_buffered);

  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  GeneratorOptions g;
  g.streams = o.streams;
  g.fps = o.fps;
  g.seed = o.seed;
  if (!o.resolution.empty()) {
    int w = 0, h = 0;
    char extra;
    if (std::sscanf(o.resolution.c_str(), "%dx%d%c", &w, &h, &extra) != 2 || w <= 0 || h <= 0) {
      return cli.usage_error("--resolution: \"" + o.resolution + "\" is not WIDTHxHEIGHT");
    }
    g.width = w;
    g.height = h;
  }
  std::string err;
  if (!parse_time_argument(o.start, realtime_now_ns(), &g.start_ns, &err)) {
    return cli.usage_error("--start: " + err);
  }

  return run_tool(cli.name(), [&] {
    OutputWriter out(1);
    out.set_line_buffered(o.line_buffered);
    Pacer pacer(o.fast ? 0 : 1, &rivulet::system_wait_clock());
    pacer.set_before_sleep([&] { out.flush(); });

    std::unique_ptr<FrameGenerator> frames;
    std::unique_ptr<ViewerGenerator> viewers;
    if (o.viewers >= 0)
      viewers = std::make_unique<ViewerGenerator>(g, o.viewers);
    else
      frames = std::make_unique<FrameGenerator>(g);
    auto peek = [&] { return viewers ? viewers->peek_time_ns() : frames->peek_time_ns(); };

    const int64_t end_ns = o.duration_ns >= 0 ? g.start_ns + o.duration_ns : INT64_MAX;
    for (long long n = 0; o.count < 0 || n < o.count; ++n) {
      int64_t t = peek();
      if (t >= end_ns) break;
      if (!pacer.wait(t)) break;  // stopped by a signal
      if (viewers)
        viewers->next(out.buffer());
      else
        frames->next(out.buffer());
      out.end_record();
      if (stop_requested()) break;
    }
    out.flush();
    return static_cast<int>(kExitOk);
  });
}
