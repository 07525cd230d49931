#pragma once
// ksub's side of --checkpoint: tags each event with its source partition, puts markers
// with the positions read into the stream, and turns the sink's acknowledgements (DIR/ack)
// into commits. Nothing else is ever committed: what was merely written to stdout may still
// die in a later stage.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checkpoint/ack_file.hpp"
#include "checkpoint/marker.hpp"

namespace rivulet {

class CheckpointSource {
 public:
  // Marker ids start at `first_id` (ksub: the wall clock in ms, so a later run's ids are
  // larger than an earlier run's and a stale acknowledgement is never taken for a new one).
  CheckpointSource(std::string dir, int64_t interval_ns, int64_t first_id)
      : dir_(dir), acks_(std::move(dir)), interval_ns_(interval_ns), next_id_(first_id) {}

  // The partition is now read from `committed` (-1: unknown) with this commit metadata:
  // appends (once per call) an "assigned" marker line to *out.
  void assigned(const std::vector<std::pair<std::string, std::pair<int64_t, std::string>>>& parts,
                std::string* out);
  // The partitions went to another member: appends a "revoked" marker line.
  void revoked(const std::vector<std::string>& sources, std::string* out);

  // Adds ,"rivulet.source":"SOURCE" to the object line that ends *out (with its newline),
  // and remembers that `offset` of the source is written.
  void tag(std::string* out, size_t line_start, const std::string& source, int64_t offset);

  // The message at `offset` was handled without a line (rejected as bad input).
  void passed(const std::string& source, int64_t offset) {
    positions_[source] = offset + 1;
    written_since_marker_ = true;
  }
  // The source name of a message, made once per partition (`topic` is librdkafka's name,
  // the same pointer for every message of the topic).
  const std::string& source_of(const char* topic, int32_t partition) {
    std::vector<std::string>& names = names_[topic];
    if (static_cast<size_t>(partition) >= names.size()) names.resize(partition + 1);
    std::string& name = names[partition];
    if (name.empty()) name = source_name(topic, partition);
    return name;
  }
  int64_t last_marker_id() const { return next_id_ - 1; }

  // Appends a positions marker line if something was written since the last one and the
  // interval has passed (always with `end`, which marks the end of input). True if it did.
  bool maybe_marker(int64_t now_ns, std::string* out, bool end = false);

  // The newest acknowledgement's commits that move a partition still read forward: offset
  // and commit metadata. *err is set for an unreadable ack file. Returned again by the next
  // call until committed() says the broker took them.
  std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> acknowledged(
      std::string* err);
  void committed(const std::vector<std::pair<std::string, std::pair<int64_t, std::string>>>& done);
  // The id of the newest acknowledgement read (0: none).
  int64_t acknowledged_id() const { return acknowledged_id_; }

 private:
  std::string dir_;
  AckReader acks_;
  int64_t interval_ns_;
  int64_t next_marker_ns_ = 0;
  int64_t next_id_;
  int64_t acknowledged_id_ = 0;
  std::optional<CheckpointMarker> ack_;  // the newest acknowledgement
  bool written_since_marker_ = false;
  std::map<const char*, std::vector<std::string>> names_;
  std::map<std::string, int64_t> positions_;          // next offset of each partition read
  std::map<std::string, PartitionCommit> committed_;  // what this member committed (or found)
};

}  // namespace rivulet
