#pragma once
// influx-write's side of --checkpoint: at each marker, everything before it is written
// (stored, not spilled) before the marker's commit is acknowledged in DIR/ack, for ksub to
// commit. Markers are never written as points.

#include <string>
#include <string_view>

#include "influx/write_session.hpp"
#include "io/diagnostics.hpp"

namespace rivulet {

class CheckpointAcks {
 public:
  // `dir` empty: no --checkpoint (markers are skipped, with one warning).
  CheckpointAcks(std::string dir, Diagnostics* diagnostics)
      : dir_(std::move(dir)), diagnostics_(diagnostics) {}

  // Handles a marker line (true); false for any other line. Throws rivulet::Error if the
  // acknowledgement cannot be written.
  bool handle(std::string_view line, WriteSession* session);

  // Set once something before a marker could not be stored: no acknowledgement follows in
  // this run (the caller exits 1).
  bool broken() const { return broken_; }
  // Broken, and the end of input was marked: nothing more can be acknowledged, and ksub
  // waits for an acknowledgement; the caller stops reading.
  bool finished() const { return broken_ && ended_; }

 private:
  std::string dir_;
  Diagnostics* diagnostics_;
  bool warned_ = false;
  bool broken_ = false;
  bool ended_ = false;
};

}  // namespace rivulet
