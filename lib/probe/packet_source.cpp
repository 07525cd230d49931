#include "probe/packet_source.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavdevice/avdevice.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <fmt/format.h>
#include <time.h>

#include <mutex>

#include "error.hpp"
#include "io/signals.hpp"
#include "time/duration.hpp"

namespace rivulet {

namespace {

// After this many failed reads in a row with no packet between them, the input is taken
// to be broken for good: some demuxers report the same damage on every call.
constexpr int kMaxReadErrorsInARow = 100;

std::string av_error_text(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

// libav polls this during every blocking step (connect, open, read); returning 1 makes the
// step fail with AVERROR_EXIT. That is how a silent network input or a stop signal ends a
// wait that would otherwise last as long as the server likes.
// `expired` stays set once a wait has been cut short: libavformat keeps the I/O error and
// later reads fail at once without asking again.
// It is armed before every read, so it uses the coarse clock (a few ms resolution, a
// fraction of the cost): a timeout is seconds long.
struct Deadline {
  long long at_ns = 0;
  bool expired = false;

  static long long now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
  }
  void arm(int64_t timeout_ns) { at_ns = now_ns() + timeout_ns; }
  static int check(void* opaque) {
    auto* self = static_cast<Deadline*>(opaque);
    if (stop_requested()) return 1;
    if (now_ns() > self->at_ns) {
      self->expired = true;
      return 1;
    }
    return 0;
  }
};

double frame_rate(const AVStream* stream) {
  for (AVRational r : {stream->avg_frame_rate, stream->r_frame_rate}) {
    if (r.num > 0 && r.den > 0) return av_q2d(r);
  }
  return 0;
}

// "2 streams: audio aac, data bin_data", for the message about an input without video.
std::string describe_streams(const AVFormatContext* ctx) {
  std::string text = fmt::format("{} stream{}", ctx->nb_streams, ctx->nb_streams == 1 ? "" : "s");
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVCodecParameters* par = ctx->streams[i]->codecpar;
    const char* type = av_get_media_type_string(par->codec_type);
    text += fmt::format("{} {} {}", i == 0 ? ":" : ",", type ? type : "unknown",
                        avcodec_get_name(par->codec_id));
  }
  return text;
}

struct StoppedWhileOpening {};

// Owners of libav objects, so a constructor that throws halfway leaks nothing.
struct FormatCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct ParserCloser {
  void operator()(AVCodecParserContext* p) const { av_parser_close(p); }
};
struct CodecFreer {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct PacketFreer {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};

class LibavPacketSource : public PacketSource {
 public:
  explicit LibavPacketSource(const SourceOptions& options) : options_(options) {
    static std::once_flag devices_registered;
    std::call_once(devices_registered, [] { avdevice_register_all(); });
    av_log_set_level(options.libav_log ? AV_LOG_WARNING : AV_LOG_QUIET);

    const AVInputFormat* format = nullptr;
    if (!options.format.empty()) {
      format = av_find_input_format(options.format.c_str());
      if (format == nullptr) {
        throw UsageError(fmt::format("--format {}: no such input format or device in libavformat",
                                     options.format));
      }
    }
    AVDictionary* dict = nullptr;
    bool user_timeout = false;
    for (const auto& [key, value] : options.input_options) {
      av_dict_set(&dict, key.c_str(), value.c_str(), 0);
      user_timeout = user_timeout || key == "rw_timeout";
    }
    // Protocols that honour rw_timeout (microseconds) give up on a stalled read by
    // themselves; the interrupt callback covers everything else.
    if (!user_timeout) av_dict_set_int(&dict, "rw_timeout", options.timeout_ns / 1000, 0);

    AVFormatContext* ctx = avformat_alloc_context();
    if (ctx == nullptr) throw Error("out of memory");
    ctx->interrupt_callback.callback = &Deadline::check;
    ctx->interrupt_callback.opaque = &deadline_;
    const std::string url = options.input == "-" ? "pipe:0" : options.input;
    deadline_.arm(options.timeout_ns);
    int rc = avformat_open_input(&ctx, url.c_str(), format, &dict);  // frees ctx on failure
    ctx_.reset(ctx);
    std::string unused;
    for (const AVDictionaryEntry* e = av_dict_get(dict, "", nullptr, AV_DICT_IGNORE_SUFFIX);
         e != nullptr; e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX)) {
      if (std::string(e->key) != "rw_timeout" || user_timeout) unused = e->key;
    }
    av_dict_free(&dict);
    if (rc < 0) fail_open("cannot open", rc);
    if (!unused.empty()) {
      throw UsageError(fmt::format("--input-option {}: not an option of {} ({})", unused,
                                   options.input, ctx_->iformat->name));
    }

    deadline_.arm(options.timeout_ns);
    rc = avformat_find_stream_info(ctx_.get(), nullptr);
    if (rc < 0) fail_open("cannot read stream information", rc);

    stream_index_ = av_find_best_stream(ctx_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream_index_ < 0 ||
        (ctx_->streams[stream_index_]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      std::string streams = describe_streams(ctx_.get());
      throw Error(fmt::format("{}: no video stream ({})", options.input, streams));
    }
    for (unsigned i = 0; i < ctx_->nb_streams; ++i) {
      if (static_cast<int>(i) != stream_index_) ctx_->streams[i]->discard = AVDISCARD_ALL;
    }
    const AVStream* stream = ctx_->streams[stream_index_];
    stream_ = stream;
    const AVCodecParameters* par = stream->codecpar;
    time_base_ = stream->time_base;
    info_.codec = par->codec_id == AV_CODEC_ID_NONE ? "" : avcodec_get_name(par->codec_id);
    info_.width = par->width;
    info_.height = par->height;
    info_.fps = frame_rate(stream);

    if (options.pict_types) {
      parser_.reset(av_parser_init(par->codec_id));
      if (parser_ != nullptr) {
        parser_->flags |= PARSER_FLAG_COMPLETE_FRAMES;
        // The parser reads the codec's extradata (H.264's avcC: SPS, PPS) from here.
        parser_codec_.reset(avcodec_alloc_context3(nullptr));
        if (parser_codec_ == nullptr ||
            avcodec_parameters_to_context(parser_codec_.get(), par) < 0) {
          throw Error("out of memory");
        }
      }
    }
    if (const AVCodecParserContext* internal = av_stream_get_parser(stream)) {
      internal_parser_offset_ = internal->cur_offset;
    }
    packet_.reset(av_packet_alloc());
    if (packet_ == nullptr) throw Error("out of memory");
  }

  const VideoStreamInfo& info() const override { return info_; }

  PacketStatus next(VideoPacket* out, std::string* err) override {
    for (;;) {
      deadline_.arm(options_.timeout_ns);
      int rc = av_read_frame(ctx_.get(), packet_.get());
      if (rc == AVERROR_EOF) return PacketStatus::kEnd;
      if (rc == AVERROR(EAGAIN)) {
        if (!sleep_until_monotonic(monotonic_now_ns() + 5000000)) return PacketStatus::kStopped;
        continue;
      }
      if (rc < 0) {
        if (stop_requested()) return PacketStatus::kStopped;
        // The transport itself failed or closed (a live sender went away: SRT reports
        // that as an I/O error): nothing more can come.
        const AVIOContext* pb = ctx_->pb;
        if (pb != nullptr && pb->eof_reached && pb->error < 0 && !deadline_.expired) {
          *err = av_error_text(pb->error);
          return PacketStatus::kEnd;
        }
        if (deadline_.expired || rc == AVERROR_EXIT) {
          throw Error(fmt::format("{}: no data for {}", options_.input,
                                  format_duration(options_.timeout_ns)));
        }
        if (++errors_in_a_row_ >= kMaxReadErrorsInARow) {
          throw Error(fmt::format("{}: giving up after {} read errors in a row: {}", options_.input,
                                  errors_in_a_row_, av_error_text(rc)));
        }
        *err = av_error_text(rc);
        return PacketStatus::kBadRead;
      }
      if (packet_->stream_index != stream_index_) {
        av_packet_unref(packet_.get());
        continue;
      }
      errors_in_a_row_ = 0;
      fill(out);
      av_packet_unref(packet_.get());
      return PacketStatus::kPacket;
    }
  }

 private:
  [[noreturn]] void fail_open(const char* what, int rc) {
    if (deadline_.expired) {
      throw Error(fmt::format("{}: no answer within {}", options_.input,
                              format_duration(options_.timeout_ns)));
    }
    if (stop_requested()) throw StoppedWhileOpening();
    throw Error(fmt::format("{}: {}: {}", options_.input, what, av_error_text(rc)));
  }

  void fill(VideoPacket* out) {
    static constexpr AVRational kNanoseconds{1, 1000000000};
    const AVPacket& p = *packet_;
    *out = VideoPacket{};
    out->number = ++packets_;
    int64_t pts = p.pts != AV_NOPTS_VALUE ? p.pts : p.dts;
    if (pts != AV_NOPTS_VALUE) out->pts_ns = av_rescale_q(pts, time_base_, kNanoseconds);
    if (p.duration > 0) out->duration_ns = av_rescale_q(p.duration, time_base_, kNanoseconds);
    out->bytes = p.size;
    out->keyframe = (p.flags & AV_PKT_FLAG_KEY) != 0;
    out->corrupt = (p.flags & AV_PKT_FLAG_CORRUPT) != 0;
    if (!options_.pict_types || out->corrupt || p.size == 0) return;
    // Where libavformat runs the codec's parser on this stream as it reads (H.264 in MP4
    // and MPEG-TS, for instance), its state describes the packet just returned: parsing
    // again would cost as much as all the rest of the work per packet. It keeps a parser
    // it does not feed for others (HEVC in MP4), and does not feed it for the packets it
    // read ahead while probing: its offset moves only when it parsed something.
    AVCodecParserContext* parser = av_stream_get_parser(stream_);
    if (parser != nullptr && parser->cur_offset != internal_parser_offset_) {
      internal_parser_offset_ = parser->cur_offset;
    } else if (parser_ != nullptr) {
      parser = parser_.get();
      uint8_t* data = nullptr;
      int size = 0;
      av_parser_parse2(parser, parser_codec_.get(), &data, &size, p.data, p.size, p.pts, p.dts,
                       p.pos);
    } else {
      return;
    }
    if (parser->pict_type != AV_PICTURE_TYPE_NONE) {
      out->pict_type = av_get_picture_type_char(static_cast<AVPictureType>(parser->pict_type));
    }
    out->width = parser->width;
    out->height = parser->height;
  }

  SourceOptions options_;
  Deadline deadline_;
  std::unique_ptr<AVFormatContext, FormatCloser> ctx_;
  std::unique_ptr<AVCodecParserContext, ParserCloser> parser_;
  std::unique_ptr<AVCodecContext, CodecFreer> parser_codec_;
  std::unique_ptr<AVPacket, PacketFreer> packet_;
  AVRational time_base_{1, 1};
  int stream_index_ = -1;
  const AVStream* stream_ = nullptr;
  VideoStreamInfo info_;
  uint64_t packets_ = 0;
  int64_t internal_parser_offset_ = -1;
  int errors_in_a_row_ = 0;
};

}  // namespace

std::unique_ptr<PacketSource> open_packet_source(const SourceOptions& options) {
  try {
    return std::make_unique<LibavPacketSource>(options);
  } catch (const StoppedWhileOpening&) {
    return nullptr;
  }
}

}  // namespace rivulet
