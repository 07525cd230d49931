#include "gen/frame_generator.hpp"

#include <charconv>
#include <cmath>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

void append_int(std::string& out, int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace

FrameGenerator::FrameGenerator(const GeneratorOptions& options)
    : options_(options), streams_(make_streams(options)) {
  for (const StreamState& s : streams_) {
    std::string prefix = ",\"stream\":";
    append_json_string(prefix, s.name);
    prefix += ",\"seq\":";
    prefixes_.push_back(std::move(prefix));
  }
  // The schema shows fps as an integer (30); keep fractional rates like 29.97 exact.
  if (options_.fps == std::floor(options_.fps)) {
    append_json_number(fps_text_, static_cast<int64_t>(options_.fps));
  } else {
    append_json_number(fps_text_, options_.fps);
  }
}

int64_t FrameGenerator::peek_time_ns() const {
  return options_.start_ns + std::llround(static_cast<double>(seq_) * 1e9 / options_.fps);
}

int64_t FrameGenerator::next(std::string& out) {
  int64_t ts_ns = peek_time_ns();
  StreamState& stream = streams_[stream_];
  Frame frame = stream.model.next();

  out += "{\"ts\":";
  append_int(out, ts_ns >= 0 ? ts_ns / 1000000 : -((-ts_ns + 999999) / 1000000));
  out += prefixes_[stream_];
  append_int(out, seq_);
  out += ",\"width\":";
  append_int(out, frame.width);
  out += ",\"height\":";
  append_int(out, frame.height);
  out += ",\"fps\":";
  out += fps_text_;
  out += ",\"bitrate_kbps\":";
  // The frame's size as a bitrate: bytes * 8 bits * fps / 1000, in tenths of a kbps.
  append_tenths(out, std::llround(static_cast<double>(frame.bytes) * 8 * options_.fps / 100));
  out += ",\"frame_bytes\":";
  append_int(out, frame.bytes);
  out += frame.keyframe ? ",\"keyframe\":true}\n" : ",\"keyframe\":false}\n";

  if (++stream_ == streams_.size()) {
    stream_ = 0;
    ++seq_;
  }
  return ts_ns;
}

}  // namespace rivulet
