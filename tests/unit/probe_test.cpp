#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

#include "error.hpp"
#include "probe/frame_event_builder.hpp"
#include "probe/input_name.hpp"
#include "probe/presentation_order.hpp"
#include "probe/probe_session.hpp"
#include "test_support.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kFrame = 33333333;  // 1/30 s

VideoPacket packet(uint64_t number, int64_t pts_ns, int64_t bytes, bool key = false,
                   char pict = 0) {
  VideoPacket p;
  p.number = number;
  p.pts_ns = pts_ns;
  p.duration_ns = kFrame;
  p.bytes = bytes;
  p.keyframe = key;
  p.pict_type = pict;
  return p;
}

VideoStreamInfo info_720p30() {
  VideoStreamInfo info;
  info.codec = "h264";
  info.width = 1280;
  info.height = 720;
  info.fps = 30;
  return info;
}

std::vector<uint64_t> drain(PresentationOrder& order) {
  std::vector<uint64_t> numbers;
  VideoPacket p;
  while (order.pop(&p)) numbers.push_back(p.number);
  return numbers;
}

// A scripted input: each entry is a packet, a bad read or the end.
struct ScriptedSource : PacketSource {
  struct Step {
    PacketStatus status;
    VideoPacket packet;
    bool fails = false;  // the input cannot go on: next() throws
  };
  VideoStreamInfo stream = info_720p30();
  std::deque<Step> steps;
  const VideoStreamInfo& info() const override { return stream; }
  PacketStatus next(VideoPacket* p, std::string* err) override {
    if (steps.empty()) return PacketStatus::kEnd;
    Step s = steps.front();
    steps.pop_front();
    if (s.fails) throw Error("rtmp://host/app/cam: no data for 10s");
    if (s.status == PacketStatus::kBadRead) *err = "Invalid data found when processing input";
    *p = s.packet;
    return s.status;
  }
};

struct ProbeRun {
  std::string out;
  std::string err;
  int status;
};

ProbeRun run(const ProbeOptions& options, const std::vector<ScriptedSource::Step>& steps) {
  std::FILE* out_file = std::tmpfile();
  std::FILE* err_file = std::tmpfile();
  int status;
  {
    OutputWriter out(fileno(out_file));
    ManualClock clock;
    Diagnostics diagnostics("frames-probe", err_file, &clock);
    Pacer pacer(0, &clock);
    status = run_probe(
        options,
        [&] {
          auto source = std::make_unique<ScriptedSource>();
          source->steps.assign(steps.begin(), steps.end());
          return source;
        },
        &pacer, &out, &diagnostics);
  }
  ProbeRun r{rivulet_test::stream_contents(out_file), rivulet_test::stream_contents(err_file),
             status};
  std::fclose(out_file);
  std::fclose(err_file);
  return r;
}

}  // namespace

TEST_CASE("presentation order restores display order of B-frame streams", "[probe]") {
  // Decoding order I0 P3 B1 B2 P6 B4 B5, as x264 writes it with two B-frames.
  PresentationOrder order(2);
  const int64_t shown[] = {0, 3, 1, 2, 6, 4, 5};
  std::vector<uint64_t> out;
  for (uint64_t i = 0; i < 7; ++i) {
    order.push(packet(i + 1, shown[i] * kFrame, 100));
    for (uint64_t n : drain(order)) out.push_back(n);
  }
  CHECK(order.held() == 2);
  order.finish();
  for (uint64_t n : drain(order)) out.push_back(n);
  CHECK(out == std::vector<uint64_t>{1, 3, 4, 2, 6, 7, 5});
}

TEST_CASE("presentation order keeps read order for equal or missing times", "[probe]") {
  PresentationOrder order(4);
  order.push(packet(1, 10, 1));
  order.push(packet(2, kNoTime, 1));  // stays after packet 1
  order.push(packet(3, 10, 1));
  order.push(packet(4, 5, 1));
  order.finish();
  CHECK(drain(order) == std::vector<uint64_t>{4, 1, 2, 3});
  order.reset();
  CHECK(order.held() == 0);
  order.push(packet(9, 1, 1));
  CHECK(drain(order).empty());  // held again until more arrive or finish()
}

TEST_CASE("depth 0 passes packets straight through", "[probe]") {
  PresentationOrder order(0);
  order.push(packet(1, 50, 1));
  CHECK(drain(order) == std::vector<uint64_t>{1});
  order.push(packet(2, 10, 1));
  CHECK(drain(order) == std::vector<uint64_t>{2});
}

TEST_CASE("frame events follow frames-gen's schema and bitrate definition", "[probe]") {
  FrameEventOptions options{"cam-1", EventClock::kPresentation, 1700000000000000000};
  FrameEventBuilder builder(options, info_720p30());
  std::string out;
  VideoPacket first = packet(1, 2 * kFrame, 11981, true, 'I');
  int64_t t = builder.event_time_ns(first);
  CHECK(t == 1700000000000000000);
  builder.append(out, first, t);
  VideoPacket second = packet(2, 3 * kFrame, 250, false, 'B');
  second.width = 640;  // a parser saw a new size
  second.height = 360;
  t = builder.event_time_ns(second);
  builder.append(out, second, t);
  // 11981 bytes * 8 * 30 / 1000 = 2875.44 kbps
  CHECK(out ==
        "{\"ts\":1700000000000,\"stream\":\"cam-1\",\"seq\":0,\"width\":1280,\"height\":720,"
        "\"fps\":30,\"bitrate_kbps\":2875.4,\"frame_bytes\":11981,\"keyframe\":true,"
        "\"codec\":\"h264\",\"pict_type\":\"I\"}\n"
        "{\"ts\":1700000000033,\"stream\":\"cam-1\",\"seq\":1,\"width\":640,\"height\":360,"
        "\"fps\":30,\"bitrate_kbps\":60.0,\"frame_bytes\":250,\"keyframe\":false,"
        "\"codec\":\"h264\",\"pict_type\":\"B\"}\n");
  CHECK(builder.events() == 2);
}

TEST_CASE("frame rates: fractional kept, unknown taken from the packet or null", "[probe]") {
  VideoStreamInfo info = info_720p30();
  info.fps = 30000.0 / 1001;
  info.codec.clear();
  std::string out;
  FrameEventBuilder ntsc({"s", EventClock::kPresentation, 0}, info);
  ntsc.append(out, packet(1, 0, 1000), 0);
  CHECK(out.find("\"fps\":29.97002997002997,\"bitrate_kbps\":239.8,") != std::string::npos);
  CHECK(out.find("codec") == std::string::npos);

  info.fps = 0;
  FrameEventBuilder unknown({"s", EventClock::kPresentation, 0}, info);
  out.clear();
  VideoPacket p = packet(1, 0, 1000);
  p.duration_ns = 40000000;  // 25 fps
  unknown.append(out, p, 0);
  CHECK(out.find("\"fps\":25,\"bitrate_kbps\":200.0,") != std::string::npos);
  out.clear();
  p.duration_ns = 0;
  unknown.append(out, p, 0);
  CHECK(out.find("\"fps\":null,\"bitrate_kbps\":null,") != std::string::npos);
}

TEST_CASE("event times: anchored at the start, gaps kept, loops move forward", "[probe]") {
  FrameEventBuilder builder({"s", EventClock::kPresentation, 1000000000}, info_720p30());
  // The stream's own clock starts at 10 s (MPEG-TS often does).
  CHECK(builder.event_time_ns(packet(1, 10000000000, 1)) == 1000000000);
  CHECK(builder.event_time_ns(packet(2, 10000000000 + kFrame, 1)) == 1000000000 + kFrame);
  CHECK(builder.event_time_ns(packet(3, kNoTime, 1)) == 1000000000 + 2 * kFrame);
  builder.begin_pass();
  // The second pass starts one frame after the last frame of the first.
  CHECK(builder.event_time_ns(packet(1, 10000000000, 1)) == 1000000000 + 3 * kFrame);

  FrameEventBuilder live({"s", EventClock::kArrival, 0}, info_720p30());
  VideoPacket p = packet(1, 5, 1);
  p.arrival_ns = 1234567890123;
  CHECK(live.event_time_ns(p) == 1234567890123);
}

TEST_CASE("run_probe writes events in presentation order and skips damage", "[probe]") {
  ProbeOptions options;
  options.events = {"cam", EventClock::kPresentation, 0};
  options.source_name = "clip.ts";
  VideoPacket broken = packet(3, 2 * kFrame, 77);
  broken.corrupt = true;
  std::vector<ScriptedSource::Step> steps = {
      {PacketStatus::kPacket, packet(1, 0, 1000, true, 'I')},
      {PacketStatus::kPacket, packet(2, 3 * kFrame, 300, false, 'P')},
      {PacketStatus::kPacket, broken},
      {PacketStatus::kBadRead, VideoPacket{}},
      {PacketStatus::kBadRead, VideoPacket{}},
      {PacketStatus::kPacket, packet(4, 1 * kFrame, 100, false, 'B')},
  };
  ProbeRun r = run(options, steps);
  CHECK(r.status == 1);
  CHECK(r.err ==
        "frames-probe: clip.ts:3: corrupt packet skipped (77 bytes, pts 0.067s)\n"
        "frames-probe: clip.ts:4: unreadable data skipped (2 read errors): Invalid data found "
        "when processing input\n");
  CHECK(r.out ==
        "{\"ts\":0,\"stream\":\"cam\",\"seq\":0,\"width\":1280,\"height\":720,\"fps\":30,"
        "\"bitrate_kbps\":240.0,\"frame_bytes\":1000,\"keyframe\":true,\"codec\":\"h264\","
        "\"pict_type\":\"I\"}\n"
        "{\"ts\":33,\"stream\":\"cam\",\"seq\":1,\"width\":1280,\"height\":720,\"fps\":30,"
        "\"bitrate_kbps\":24.0,\"frame_bytes\":100,\"keyframe\":false,\"codec\":\"h264\","
        "\"pict_type\":\"B\"}\n"
        "{\"ts\":99,\"stream\":\"cam\",\"seq\":2,\"width\":1280,\"height\":720,\"fps\":30,"
        "\"bitrate_kbps\":72.0,\"frame_bytes\":300,\"keyframe\":false,\"codec\":\"h264\","
        "\"pict_type\":\"P\"}\n");
}

TEST_CASE("run_probe reopens the input for every pass of --loop", "[probe]") {
  ProbeOptions options;
  options.events = {"cam", EventClock::kPresentation, 0};
  options.passes = 3;
  std::vector<ScriptedSource::Step> steps = {
      {PacketStatus::kPacket, packet(1, 0, 10, true)},
      {PacketStatus::kPacket, packet(2, kFrame, 10)},
  };
  ProbeRun r = run(options, steps);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  std::vector<std::string> ts;
  for (size_t at = r.out.find("\"ts\":"); at != std::string::npos;
       at = r.out.find("\"ts\":", at + 1)) {
    ts.push_back(r.out.substr(at + 5, r.out.find(',', at) - at - 5));
  }
  CHECK(ts == std::vector<std::string>{"0", "33", "66", "99", "133", "166"});
  CHECK(r.out.find("\"seq\":5,") != std::string::npos);
}

TEST_CASE("default stream names come from the input's name", "[probe]") {
  CHECK(default_stream_name("clips/cam-1.mp4") == "cam-1");
  CHECK(default_stream_name("/dev/video0") == "video0");
  CHECK(default_stream_name("-") == "stdin");
  CHECK(default_stream_name("rtmp://live.example.com/app/studio") == "studio");
  CHECK(default_stream_name("http://cdn.example.com/live/index.m3u8?token=x") == "index");
  CHECK(default_stream_name("srt://user:pw@10.0.0.5:9000?streamid=x") == "10.0.0.5");
  CHECK(default_stream_name("file:/tmp/a.b.mkv") == "a.b");
  CHECK(default_stream_name(".hidden") == ".hidden");
}

TEST_CASE("files are replayable, pipes, devices and URLs are live", "[probe]") {
  char path[] = "/tmp/rivulet-probe-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  CHECK_FALSE(is_live_input(path));
  CHECK_FALSE(is_live_input(std::string("file:") + path));
  CHECK_FALSE(is_live_input("/no/such/clip.mp4"));  // opening it will say why
  CHECK(is_live_input("-"));
  CHECK(is_live_input("/dev/null"));
  CHECK(is_live_input("rtsp://camera.local/stream1"));
  std::remove(path);
}

TEST_CASE("run_probe writes what it read before the input failed, then throws", "[probe]") {
  ProbeOptions options;
  options.events = {"cam", EventClock::kPresentation, 0};
  std::vector<ScriptedSource::Step> steps = {
      {PacketStatus::kPacket, packet(1, 0, 1000, true, 'I')},
      {PacketStatus::kPacket, packet(2, kFrame, 1000, false, 'P')},
      {PacketStatus::kEnd, VideoPacket{}, true},
  };
  std::FILE* out_file = std::tmpfile();
  std::FILE* err_file = std::tmpfile();
  {
    OutputWriter out(fileno(out_file));
    ManualClock clock;
    Diagnostics diagnostics("frames-probe", err_file, &clock);
    Pacer pacer(0, &clock);
    auto open = [&] {
      auto source = std::make_unique<ScriptedSource>();
      source->steps.assign(steps.begin(), steps.end());
      return std::unique_ptr<PacketSource>(std::move(source));
    };
    CHECK_THROWS_WITH(run_probe(options, open, &pacer, &out, &diagnostics),
                      "rtmp://host/app/cam: no data for 10s");
  }
  std::string written = rivulet_test::stream_contents(out_file);
  CHECK(std::count(written.begin(), written.end(), '\n') == 2);
  std::fclose(out_file);
  std::fclose(err_file);
}
