#include "probe/probe_session.hpp"

#include <fmt/format.h>

#include "io/exit_status.hpp"
#include "io/signals.hpp"
#include "probe/presentation_order.hpp"

namespace rivulet {

namespace {

std::string corrupt_message(const VideoPacket& packet) {
  if (packet.pts_ns == kNoTime) return fmt::format("corrupt packet skipped ({} bytes)", packet.bytes);
  return fmt::format("corrupt packet skipped ({} bytes, pts {:.3f}s)", packet.bytes,
                     static_cast<double>(packet.pts_ns) / 1e9);
}

}  // namespace

int run_probe(const ProbeOptions& options, const PacketSourceOpener& open, Pacer* pacer,
              OutputWriter* out, Diagnostics* diagnostics) {
  const bool live = options.events.clock == EventClock::kArrival;
  std::unique_ptr<FrameEventBuilder> builder;
  auto emit = [&](const VideoPacket& packet) {
    int64_t ts_ns = builder->event_time_ns(packet);
    if (!pacer->wait(ts_ns)) return false;
    builder->append(out->buffer(), packet, ts_ns);
    out->end_record();
    // A live source can pause at any packet; what arrived must not wait in our buffer.
    if (live) out->flush();
    return !stop_requested();
  };

  bool stopped = false;
  for (int pass = 0; pass < options.passes && !stopped; ++pass) {
    std::unique_ptr<PacketSource> source = open();
    if (!source) break;
    if (!builder) {
      builder = std::make_unique<FrameEventBuilder>(options.events, source->info());
    } else {
      builder->begin_pass();
    }
    // Arrival times are already in order; reordering would only delay a live stream.
    PresentationOrder order(live ? 0 : PresentationOrder::kMaxReorder);
    VideoPacket packet;
    uint64_t last_number = 0;
    std::string err;
    // A demuxer often fails several times over one damaged stretch before it finds the next
    // packet: those failures are one message.
    int bad_reads = 0;
    std::string bad_read_reason;
    auto report_bad_reads = [&] {
      if (bad_reads == 0) return;
      std::string count = bad_reads > 1 ? fmt::format(" ({} read errors)", bad_reads) : "";
      diagnostics->bad_line(options.source_name, last_number + 1,
                            "unreadable data skipped" + count + ": " + bad_read_reason, "");
      bad_reads = 0;
    };
    while (!stopped) {
      PacketStatus status = source->next(&packet, &err);
      if (status == PacketStatus::kBadRead) {
        if (bad_reads > 0 && err != bad_read_reason) report_bad_reads();
        bad_read_reason = err;
        ++bad_reads;
        continue;
      }
      report_bad_reads();
      if (status == PacketStatus::kEnd) break;
      if (status == PacketStatus::kStopped) {
        stopped = true;
      } else if (packet.corrupt) {
        last_number = packet.number;
        diagnostics->bad_line(options.source_name, packet.number, corrupt_message(packet), "");
      } else {
        last_number = packet.number;
        if (live) packet.arrival_ns = realtime_now_ns();
        order.push(packet);
        while (!stopped && order.pop(&packet)) stopped = !emit(packet);
      }
    }
    order.finish();
    while (!stopped && order.pop(&packet)) stopped = !emit(packet);
  }
  out->flush();
  diagnostics->finish();
  return diagnostics->bad_lines() > 0 ? kExitDataError : kExitOk;
}

}  // namespace rivulet
