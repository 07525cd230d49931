#include "probe/frame_event_builder.hpp"

#include <algorithm>
#include <cmath>

#include "gen/stream_set.hpp"
#include "json/json_writer.hpp"

namespace rivulet {

namespace {

// The schema shows a whole frame rate as an integer (30), as frames-gen writes it; others
// (30000/1001) keep their full value.
void append_fps(std::string& out, double fps) {
  if (fps == std::floor(fps) && fps < 1e15) {
    append_json_number(out, static_cast<int64_t>(fps));
  } else {
    append_json_number(out, fps);
  }
}

int64_t floor_ms(int64_t ns) { return ns >= 0 ? ns / 1000000 : -((-ns + 999999) / 1000000); }

}  // namespace

FrameEventBuilder::FrameEventBuilder(FrameEventOptions options, const VideoStreamInfo& info)
    : options_(std::move(options)), info_(info) {
  prefix_ = ",\"stream\":";
  append_json_string(prefix_, options_.stream);
  prefix_ += ",\"seq\":";
  if (info_.fps > 0) append_fps(fps_text_, info_.fps);
  if (!info_.codec.empty()) {
    codec_text_ = ",\"codec\":";
    append_json_string(codec_text_, info_.codec);
  }
}

int64_t FrameEventBuilder::event_time_ns(const VideoPacket& packet) {
  if (options_.clock == EventClock::kArrival) return packet.arrival_ns;
  int64_t frame_ns = packet.duration_ns > 0 ? packet.duration_ns
                     : info_.fps > 0        ? std::llround(1e9 / info_.fps)
                                            : 0;
  int64_t t;
  if (packet.pts_ns != kNoTime) {
    t = packet.pts_ns;
  } else {
    t = pass_started_ ? last_ns_ + frame_ns : 0;
  }
  if (!pass_started_) {
    pass_started_ = true;
    pass_first_ns_ = t;
    pass_end_ns_ = t;
  }
  last_ns_ = t;
  pass_end_ns_ = std::max(pass_end_ns_, t + frame_ns);
  return options_.start_ns + shift_ns_ + (t - pass_first_ns_);
}

void FrameEventBuilder::begin_pass() {
  if (!pass_started_) return;
  shift_ns_ += pass_end_ns_ - pass_first_ns_;
  pass_started_ = false;
}

void FrameEventBuilder::append(std::string& out, const VideoPacket& packet, int64_t ts_ns) {
  out += "{\"ts\":";
  append_json_number(out, floor_ms(ts_ns));
  out += prefix_;
  append_json_number(out, static_cast<int64_t>(seq_++));
  out += ",\"width\":";
  append_json_number(out, static_cast<int64_t>(packet.width > 0 ? packet.width : info_.width));
  out += ",\"height\":";
  append_json_number(out, static_cast<int64_t>(packet.height > 0 ? packet.height : info_.height));
  double fps = info_.fps;
  out += ",\"fps\":";
  if (fps > 0) {
    out += fps_text_;
  } else if (packet.duration_ns > 0) {
    fps = 1e9 / static_cast<double>(packet.duration_ns);
    append_fps(out, fps);
  } else {
    out += "null";
  }
  out += ",\"bitrate_kbps\":";
  if (fps > 0) {
    // In tenths of a kbps, rounded: the same arithmetic as frames-gen.
    append_tenths(out, std::llround(static_cast<double>(packet.bytes) * 8 * fps / 100));
  } else {
    out += "null";
  }
  out += ",\"frame_bytes\":";
  append_json_number(out, packet.bytes);
  out += packet.keyframe ? ",\"keyframe\":true" : ",\"keyframe\":false";
  out += codec_text_;
  if (packet.pict_type != 0) {
    out += ",\"pict_type\":\"";
    out += packet.pict_type;
    out += '"';
  }
  out += "}\n";
}

}  // namespace rivulet
