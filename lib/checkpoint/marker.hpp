#pragma once
// Checkpoint markers: the lines `--checkpoint` stages put into the NDJSON stream between
// events, {"rivulet.checkpoint":{...}}, and the acknowledgement influx-write leaves in DIR.
// A marker is never data: the stages that know it consume or translate it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// The field ksub adds to each event with --checkpoint: "TOPIC/PARTITION" of its message.
constexpr std::string_view kSourceField = "rivulet.source";

// What may be committed for one source partition: the next offset to read, and the end
// bound through which every window of that partition is stored (closed_through_ns), so a
// consumer resuming at `offset` must not recompute windows ending at or before it.
struct PartitionCommit {
  int64_t offset = 0;
  std::optional<int64_t> closed_through_ns;
  bool operator==(const PartitionCommit& o) const {
    return offset == o.offset && closed_through_ns == o.closed_through_ns;
  }
};

struct CheckpointMarker {
  enum class Kind {
    kPositions,  // from ksub: id, the next offset of each partition (+ end at end of input)
    kCommit,     // from a window stage (or an ack): id, what may be committed per partition
    kAssigned,   // from ksub: partitions now read, with their stored bound
    kRevoked,    // from ksub: partitions no longer read by this pipeline
  };
  Kind kind = Kind::kPositions;
  int64_t id = 0;
  bool end = false;  // everything was read to its end (ksub -e)
  std::map<std::string, int64_t> positions;
  std::map<std::string, PartitionCommit> commit;
  std::map<std::string, std::optional<int64_t>> assigned;  // source -> closed_through_ns
  std::vector<std::string> revoked;
};

// True if the line is a marker (cheap prefix test, no parsing).
inline bool is_checkpoint_line(std::string_view line) {
  constexpr std::string_view prefix = "{\"rivulet.checkpoint\":";
  return line.substr(0, prefix.size()) == prefix;
}

// Parses a marker line; false with *err if it is not a well-formed one.
bool parse_checkpoint_marker(std::string_view line, CheckpointMarker* out, std::string* err);

// Appends the marker as one line, without the newline.
void format_checkpoint_marker(const CheckpointMarker& marker, std::string* out);

// "TOPIC/PARTITION" and back.
std::string source_name(std::string_view topic, int32_t partition);
bool split_source_name(std::string_view source, std::string* topic, int32_t* partition);

// The Kafka commit metadata string carrying closed_through ("closed_through=NS"), and back
// (nullopt for empty or foreign metadata).
std::string commit_metadata(const std::optional<int64_t>& closed_through_ns);
std::optional<int64_t> parse_commit_metadata(std::string_view metadata);

}  // namespace rivulet
