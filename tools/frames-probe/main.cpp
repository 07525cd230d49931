// frames-probe: real video (files, cameras, live URLs) as frame events, one per packet.

#include <string>
#include <utility>
#include <vector>

#include "cli/tool_cli.hpp"
#include "io/signals.hpp"
#include "probe/input_name.hpp"
#include "probe/packet_source.hpp"
#include "probe/probe_session.hpp"

using namespace rivulet;

namespace {

const char* const kExamples =
    "  frames-probe clip.mp4                          as fast as it reads, first frame now\n"
    "  frames-probe --realtime --loop 10 clip.mp4 | win-avg --by stream --field bitrate_kbps\n"
    "  frames-probe --start 2023-11-14T22:13:20Z --stream cam-1 clip.mp4 > frames.ndjson\n"
    "  frames-probe /dev/video0 | kpub -t frames -k stream\n"
    "  ffmpeg -f v4l2 -i /dev/video0 -c:v libx264 -f mpegts - | frames-probe --stream cam-1 -\n"
    "  frames-probe --timeout 5s rtmp://live.example.com/app/studio\n";

}  // namespace

int main(int argc, char** argv) {
  SourceOptions source;
  ProbeOptions probe;
  std::string start = "now";
  std::string clock = "auto";
  std::vector<std::string> input_options;
  bool realtime = false;
  bool no_pict_type = false;
  bool line_buffered = false;

  ToolCli cli("frames-probe",
              "Reads a video file, camera or live URL with libavformat, without decoding, and\n"
              "writes one frame event per video packet as NDJSON (frames-gen's schema).",
              kExamples);
  CLI::App& app = cli.app();
  app.add_option("INPUT", source.input,
                 "A file, a device (/dev/video0), a URL (rtmp, rtsp, srt, http/HLS), or - for "
                 "standard input")
      ->required()
      ->type_name("");
  app.add_option("--stream", probe.events.stream,
                 "Stream name in the events (default: the input's name without extension)")
      ->type_name("NAME");
  app.add_option("--start", start,
                 "Event time of the first frame shown: now, RFC 3339, or epoch s/ms")
      ->type_name("TIME")
      ->capture_default_str();
  app.add_flag("--realtime", realtime,
               "Play a file at its own pace, like a camera (default: as fast as it reads)");
  app.add_option("--loop", probe.passes, "Read a file N times, event time moving on")
      ->check(CLI::Range(1, 1000000000).description(""))
      ->type_name("N")
      ->capture_default_str();
  app.add_option("--clock", clock,
                 "Event times from the packets' presentation times (pts) or their arrival; "
                 "auto: pts for files, arrival for live inputs")
      ->check(CLI::IsMember({"auto", "pts", "arrival"}).description(""))
      ->type_name("auto|pts|arrival")
      ->capture_default_str();
  app.add_option("--format", source.format,
                 "Input format or device of libavformat, as ffmpeg's -f (v4l2, mpegts, ...)")
      ->type_name("NAME");
  app.add_option("--input-option", input_options,
                 "Option of the input format, device or protocol, as ffmpeg's -KEY VALUE before "
                 "-i (repeatable)")
      ->type_name("KEY=VALUE");
  cli.add_duration("--timeout", &source.timeout_ns,
                   "Give up on an input that does not answer or send for this long");
  app.add_flag("--no-pict-type", no_pict_type,
               "Do not run libavcodec's parser for picture types (I/P/B) and sizes");
  app.add_flag("--libav-log", source.libav_log, "Show libav's own warnings on stderr");
  cli.add_line_buffered(&line_buffered);

  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  source.pict_types = !no_pict_type;
  for (const std::string& option : input_options) {
    size_t eq = option.find('=');
    if (eq == std::string::npos || eq == 0) {
      return cli.usage_error("--input-option: \"" + option + "\" is not KEY=VALUE");
    }
    source.input_options.emplace_back(option.substr(0, eq), option.substr(eq + 1));
  }
  if (source.timeout_ns <= 0) return cli.usage_error("--timeout: must be more than 0");
  const bool live = clock == "arrival" || (clock == "auto" && is_live_input(source.input));
  probe.events.clock = live ? EventClock::kArrival : EventClock::kPresentation;
  if (live) {
    const char* why = " is for inputs on the pts clock: a live input is stamped as it arrives";
    if (app.count("--start") > 0) return cli.usage_error(std::string("--start") + why);
    if (realtime) return cli.usage_error(std::string("--realtime") + why);
  }
  if (probe.passes > 1 && is_live_input(source.input)) {
    return cli.usage_error("--loop needs a file: " + source.input + " can be read only once");
  }
  std::string err;
  if (!parse_time_argument(start, realtime_now_ns(), &probe.events.start_ns, &err)) {
    return cli.usage_error("--start: " + err);
  }
  if (probe.events.stream.empty()) probe.events.stream = default_stream_name(source.input);
  probe.source_name = source.input;

  return run_tool(cli.name(), [&] {
    Diagnostics diagnostics(cli.name());
    OutputWriter out(1);
    out.set_line_buffered(line_buffered);
    Pacer pacer(realtime ? 1 : 0, &rivulet::system_wait_clock());
    pacer.set_before_sleep([&] { out.flush(); });
    return run_probe(
        probe, [&] { return open_packet_source(source); }, &pacer, &out, &diagnostics);
  });
}
