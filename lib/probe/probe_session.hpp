#pragma once
// The read-order-stamp-write loop of frames-probe.

#include <functional>
#include <memory>
#include <string>

#include "io/diagnostics.hpp"
#include "io/output_writer.hpp"
#include "probe/frame_event_builder.hpp"
#include "probe/packet_source.hpp"
#include "time/pacer.hpp"

namespace rivulet {

struct ProbeOptions {
  FrameEventOptions events;
  int passes = 1;           // --loop: the input is opened and read this many times
  std::string source_name;  // the input as the user named it, for messages
};

// Opens the input for one pass; nullptr means a stop signal arrived meanwhile.
using PacketSourceOpener = std::function<std::unique_ptr<PacketSource>()>;

// Writes one frame event per video packet of the input to `out`, in presentation order with
// the presentation clock (in read order with the arrival clock, flushed at once), each when
// `pacer` says it is due. Corrupt packets and unreadable stretches are reported through
// `diagnostics` as "INPUT:PACKET: ..." (PACKET: the 1-based video packet number) and
// skipped. Returns the exit status: 1 if anything was skipped, else 0. A stop signal ends
// it early with what was written flushed. Throws rivulet::Error when the input cannot be
// opened or read on, after writing the events of the packets read until then.
int run_probe(const ProbeOptions& options, const PacketSourceOpener& open, Pacer* pacer,
              OutputWriter* out, Diagnostics* diagnostics);

}  // namespace rivulet
