#include "probe/probe_session.hpp"

#include <fmt/format.h>

#include "error.hpp"
#include "io/exit_status.hpp"
#include "io/signals.hpp"
#include "probe/presentation_order.hpp"

namespace rivulet {

namespace {

std::string corrupt_message(const VideoPacket& packet) {
  if (packet.pts_ns == kNoTime) {
    return fmt::format("corrupt packet skipped ({} bytes)", packet.bytes);
  }
  return fmt::format("corrupt packet skipped ({} bytes, pts {:.3f}s)", packet.bytes,
                     static_cast<double>(packet.pts_ns) / 1e9);
}

class ProbeRun {
 public:
  ProbeRun(const ProbeOptions& options, Pacer* pacer, OutputWriter* out, Diagnostics* diagnostics)
      : options_(options),
        live_(options.events.clock == EventClock::kArrival),
        pacer_(pacer),
        out_(out),
        diagnostics_(diagnostics) {}

  // Reads one pass of `source`. Returns false once a stop was requested.
  bool pass(PacketSource& source) {
    if (!builder_) {
      builder_ = std::make_unique<FrameEventBuilder>(options_.events, source.info());
    } else {
      builder_->begin_pass();
    }
    order_.reset();
    last_number_ = 0;
    VideoPacket packet;
    std::string err;
    for (;;) {
      err.clear();
      PacketStatus status = source.next(&packet, &err);
      if (status == PacketStatus::kBadRead) {
        if (bad_reads_ > 0 && err != bad_read_reason_) report_bad_reads();
        bad_read_reason_ = err;
        ++bad_reads_;
        continue;
      }
      report_bad_reads();
      if (status == PacketStatus::kEnd) {
        if (!err.empty()) diagnostics_->info(options_.source_name + ": input ended: " + err);
        break;
      }
      if (status == PacketStatus::kStopped) return false;
      last_number_ = packet.number;
      if (packet.corrupt) {
        diagnostics_->bad_line(options_.source_name, packet.number, corrupt_message(packet), "");
        continue;
      }
      if (live_) packet.arrival_ns = realtime_now_ns();
      order_.push(packet);
      while (order_.pop(&packet)) {
        if (!emit(packet)) return false;
      }
    }
    return drain();
  }

  // Writes the packets still held for reordering. Returns false once a stop was requested.
  bool drain() {
    order_.finish();
    VideoPacket packet;
    while (order_.pop(&packet)) {
      if (!emit(packet)) return false;
    }
    return true;
  }

 private:
  bool emit(const VideoPacket& packet) {
    int64_t ts_ns = builder_->event_time_ns(packet);
    if (!pacer_->wait(ts_ns)) return false;
    builder_->append(out_->buffer(), packet, ts_ns);
    out_->end_record();
    // A live source can pause at any packet; what arrived must not wait in our buffer.
    if (live_) out_->flush();
    return !stop_requested();
  }

  // A demuxer often fails several times over one damaged stretch before it finds the next
  // packet: those failures make one message.
  void report_bad_reads() {
    if (bad_reads_ == 0) return;
    std::string count = bad_reads_ > 1 ? fmt::format(" ({} read errors)", bad_reads_) : "";
    diagnostics_->bad_line(options_.source_name, last_number_ + 1,
                           "unreadable data skipped" + count + ": " + bad_read_reason_, "");
    bad_reads_ = 0;
  }

  const ProbeOptions& options_;
  const bool live_;
  Pacer* pacer_;
  OutputWriter* out_;
  Diagnostics* diagnostics_;
  std::unique_ptr<FrameEventBuilder> builder_;
  // Arrival times are already in order; reordering would only delay a live stream.
  PresentationOrder order_{live_ ? 0 : PresentationOrder::kMaxReorder};
  uint64_t last_number_ = 0;
  int bad_reads_ = 0;
  std::string bad_read_reason_;
};

}  // namespace

int run_probe(const ProbeOptions& options, const PacketSourceOpener& open, Pacer* pacer,
              OutputWriter* out, Diagnostics* diagnostics) {
  ProbeRun run(options, pacer, out, diagnostics);
  // Events written before the input failed for good still go out, ahead of the error.
  auto finish = [&] {
    out->flush();
    diagnostics->finish();
  };
  try {
    for (int pass = 0; pass < options.passes; ++pass) {
      std::unique_ptr<PacketSource> source = open();
      if (!source || !run.pass(*source)) break;
    }
  } catch (const OutputClosed&) {
    throw;
  } catch (const Error&) {
    run.drain();
    finish();
    throw;
  }
  finish();
  return diagnostics->bad_lines() > 0 ? kExitDataError : kExitOk;
}

}  // namespace rivulet
