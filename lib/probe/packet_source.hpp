#pragma once
// Video packets from a file, a device or a network input, read without decoding them. The
// PacketSource interface lets the frame-event logic be tested with synthetic packets;
// open_packet_source() is the only code in rivulet that touches libavformat.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace rivulet {

constexpr int64_t kNoTime = INT64_MIN;

struct VideoStreamInfo {
  std::string codec;  // libavcodec's name: "h264", "hevc", "rawvideo"; empty when unknown
  int width = 0;
  int height = 0;
  double fps = 0;  // the container's nominal frame rate; 0 when it does not say
};

struct VideoPacket {
  uint64_t number = 0;       // 1-based among the input's video packets, in read order
  int64_t pts_ns = kNoTime;  // presentation time on the stream's own clock (dts if no pts)
  int64_t duration_ns = 0;   // 0 when unknown
  int64_t arrival_ns = 0;    // CLOCK_REALTIME when it was read (set by run_probe when live)
  int64_t bytes = 0;
  int width = 0;  // this packet's picture size where a parser saw it; 0: the stream's
  int height = 0;
  bool keyframe = false;
  bool corrupt = false;  // the demuxer flagged it damaged (lost transport packets, short read)
  char pict_type = 0;    // 'I', 'P', 'B' (libavcodec's letters); 0 when unknown
};

enum class PacketStatus {
  kPacket,   // *packet is filled
  kBadRead,  // the input could not be read here (*err says why); next() may go on past it
  kEnd,      // end of input; *err says why when the transport failed or closed
  kStopped,  // a stop signal arrived
};

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  virtual const VideoStreamInfo& info() const = 0;
  // Reads the next video packet. *err is set only with kBadRead, or kEnd by an error. Throws
  // rivulet::Error when the input cannot go on at all (a network input silent for longer than the
  // timeout, persistent read errors).
  virtual PacketStatus next(VideoPacket* packet, std::string* err) = 0;
};

struct SourceOptions {
  std::string input;   // path, device (/dev/video0), URL, or "-" for standard input
  std::string format;  // force a demuxer or device ("v4l2", "mpegts"); empty: probe
  // Demuxer, device and protocol options, as ffmpeg's "-KEY VALUE" before -i.
  std::vector<std::pair<std::string, std::string>> input_options;
  int64_t timeout_ns = 10LL * 1000000000;  // longest wait for an input to answer
  bool pict_types = true;  // run libavcodec's parser (not a decoder) for picture types
  bool libav_log = false;  // let libav print its own messages on stderr
};

// Opens options.input and selects its best video stream; other streams are discarded
// unread. Returns nullptr when a stop signal arrived while it waited. Throws UsageError for
// an unknown --format or an option the input does not take, rivulet::Error ("INPUT: cannot
// open: ...", "INPUT: no video stream ...", "INPUT: no answer within 10s") for inputs that
// cannot be read.
std::unique_ptr<PacketSource> open_packet_source(const SourceOptions& options);

}  // namespace rivulet
