#include "influx/checkpoint_acks.hpp"

#include "checkpoint/ack_file.hpp"
#include "checkpoint/marker.hpp"

namespace rivulet {

bool CheckpointAcks::handle(std::string_view line, WriteSession* session) {
  if (!is_checkpoint_line(line)) return false;
  if (dir_.empty()) {
    if (!warned_) {
      diagnostics_->info(
          "checkpoint markers in the input are skipped without --checkpoint: offsets will not "
          "be committed");
      warned_ = true;
    }
    return true;
  }
  CheckpointMarker m;
  std::string err;
  if (!parse_checkpoint_marker(line, &m, &err)) {
    diagnostics_->info(err + ": " + std::string(line));
    return true;
  }
  ended_ = ended_ || m.end;
  if (broken_) return true;
  CheckpointMarker ack;
  if (m.kind == CheckpointMarker::Kind::kPositions) {
    ack = commit_of_positions(m);
  } else if (m.kind == CheckpointMarker::Kind::kCommit) {
    ack = m;
  } else {
    return true;  // assignments are for the window stage
  }
  // Everything before the marker goes out, and is waited for.
  session->finish();
  const WriteStats& st = session->stats();
  if (st.unsent > 0 || !session->fatal().empty()) {
    broken_ = true;
    diagnostics_->error(
        "points before a checkpoint were not stored: no checkpoint is acknowledged from now "
        "on (a later run writes them again from the last one)");
    return true;
  }
  write_ack(dir_, ack);
  return true;
}

}  // namespace rivulet
