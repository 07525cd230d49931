#pragma once
// Turns video packets into frame events in frames-gen's schema (ts, stream, seq, width,
// height, fps, bitrate_kbps, frame_bytes, keyframe), plus codec and pict_type.

#include <cstdint>
#include <string>

#include "probe/packet_source.hpp"

namespace rivulet {

enum class EventClock {
  kPresentation,  // ts follows the packets' presentation times, anchored at a start time
  kArrival,       // ts is when the packet was read (live inputs)
};

struct FrameEventOptions {
  std::string stream;
  EventClock clock = EventClock::kPresentation;
  int64_t start_ns = 0;  // with kPresentation: event time of the first frame shown
};

class FrameEventBuilder {
 public:
  FrameEventBuilder(FrameEventOptions options, const VideoStreamInfo& info);

  // The event time of the next packet, in ns. With the presentation clock packets must come
  // in presentation order (PresentationOrder): the first one is the anchor, and a packet
  // without a time follows the one before it by a frame.
  int64_t event_time_ns(const VideoPacket& packet);

  // Appends the packet's frame event line (with "\n") at `ts_ns` and advances seq.
  // bitrate_kbps is the frame's size as a bitrate, frame_bytes * 8 * fps / 1000 (as
  // frames-gen defines it), with the stream's nominal fps; a stream that does not declare
  // one uses 1 / the packet's duration, and without that both fields are null.
  void append(std::string& out, const VideoPacket& packet, int64_t ts_ns);

  // The input starts over (--loop): the next pass's first frame comes one frame after the
  // previous pass's last, so event time keeps moving forward.
  void begin_pass();

  uint64_t events() const { return seq_; }

 private:
  FrameEventOptions options_;
  VideoStreamInfo info_;
  std::string prefix_;      // ,"stream":"NAME","seq":
  std::string fps_text_;    // the nominal fps as JSON, empty when the stream has none
  std::string codec_text_;  // ,"codec":"h264" or empty
  uint64_t seq_ = 0;
  bool pass_started_ = false;
  int64_t pass_first_ns_ = 0;  // first presentation time of this pass
  int64_t pass_end_ns_ = 0;    // end of the latest frame of this pass (time + duration)
  int64_t last_ns_ = 0;        // presentation time of the previous packet
  int64_t shift_ns_ = 0;       // length of the passes before this one
};

}  // namespace rivulet
