#pragma once
// DIR/ack: the newest checkpoint whose data influx-write has stored. influx-write replaces
// it atomically (a temporary file renamed over it), so ksub never reads half of one.

#include <optional>
#include <string>

#include "checkpoint/marker.hpp"

namespace rivulet {

// Writes `commit` (a kCommit marker) to DIR/ack atomically. Throws rivulet::Error if the
// directory cannot be written.
void write_ack(const std::string& dir, const CheckpointMarker& commit);

// Reads DIR/ack when it changed since the last call.
class AckReader {
 public:
  explicit AckReader(std::string dir) : path_(std::move(dir) + "/ack") {}
  // The acknowledgement if the file holds a new one; nullopt if it is missing, unchanged or
  // unreadable (a foreign file: reported once through *err).
  std::optional<CheckpointMarker> poll(std::string* err);

 private:
  std::string path_;
  std::string last_;
};

// A kCommit marker for a kPositions one (influx-write fed by ksub directly: what was read
// before the marker is written, so each partition may resume at its position).
CheckpointMarker commit_of_positions(const CheckpointMarker& positions);

}  // namespace rivulet
