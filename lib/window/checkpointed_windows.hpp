#pragma once
// A window tool's side of --checkpoint: markers from ksub are consumed (never data) and
// answered, after the results they cover, with what may be committed per source partition;
// events of a partition skip the windows an earlier run stored. Without --checkpoint,
// markers pass through unchanged.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "checkpoint/marker.hpp"
#include "checkpoint/partition_commits.hpp"
#include "io/output_writer.hpp"
#include "json/field_path.hpp"
#include "json/json_line.hpp"
#include "window/checkpoint_keys.hpp"
#include "window/event_windows.hpp"

namespace rivulet {

class CheckpointedWindows {
 public:
  // `keys` (needed when enabled) is shared with the sink that writes results.
  CheckpointedWindows(bool enabled, CheckpointKeys* keys) : enabled_(enabled), keys_(keys) {}
  bool enabled() const { return enabled_; }

  // Handles a marker line (true), writing what follows from it to *out; false for any
  // other line. A malformed marker is an error (*err set, true returned). Without
  // --checkpoint markers are dropped, the first time with a warning in *warning; with it,
  // *warning says (once) that a key came from two partitions since the previous marker.
  bool marker(std::string_view line, EventWindows* windows, OutputWriter* out, std::string* err,
              std::string* warning);

  // With --checkpoint: reads the event's source partition (kept until add()); false with
  // *err if it has none.
  bool read_source(JsonDocument& doc, std::string* err);
  // Adds the event read last (time, key, and its source from read_source): skips the
  // windows an earlier run stored for its partition, and tracks where it may resume.
  Placement add(int64_t time_ns, std::string_view key, EventWindows* windows);

  // ksub marked the end of its input, and every window was closed: written at the end.
  // Without it (upstream killed or stopped) open windows must not be written: they would
  // be partial, and the restart recomputes them.
  bool ended() const { return ended_; }
  uint64_t stored() const { return stored_; }

 private:
  bool enabled_;
  CheckpointKeys* keys_;
  bool ended_ = false;
  bool warned_ = false;
  std::string key_buffer_;
  // Per source, what each of its events needs; rebuilt after every marker.
  struct SourceState {
    std::string tag;
    int64_t stored_through_ns;
    int64_t* last_end_ns;
    uint64_t segment;
    EventWindows::TagPart* part;  // the windows' own, if they keep sources apart
  };
  std::unordered_map<std::string, SourceState> sources_;
  std::string lookup_;
  void check_partitioned(std::string_view key);
  PartitionCommits commits_;
  FieldPath source_field_{"rivulet\\.source"};
  std::string source_;
  int64_t last_end_seen_ = std::numeric_limits<int64_t>::min();
  uint64_t stored_ = 0;
  // Each key's partition since the last marker: a key read from two is not partitioned by
  // key, and its windows would be split between the members of a group.
  std::unordered_map<std::string, std::string> key_sources_;
  std::string key_lookup_;
  std::string split_warning_;
  bool split_warned_ = false;
  uint64_t split_sample_ = 0;
};

}  // namespace rivulet
