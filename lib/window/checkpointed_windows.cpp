#include "window/checkpointed_windows.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace rivulet {

bool CheckpointedWindows::marker(std::string_view line, EventWindows* windows, OutputWriter* out,
                                 std::string* err, std::string* warning) {
  if (!is_checkpoint_line(line)) return false;
  if (!enabled_) {
    // Passed on, it would let the sink acknowledge ksub's positions while their events sit
    // in open windows here: committed, they would be lost in a crash. Dropped, checkpoints
    // stop completing and nothing more is committed (everything is read again).
    if (!warned_) {
      warned_ = true;
      *warning =
          "checkpoint markers are dropped without --checkpoint: offsets will not be committed";
    }
    return true;
  }
  CheckpointMarker m;
  if (!parse_checkpoint_marker(line, &m, err)) return true;
  sources_.clear();  // every marker may move segments, stored bounds or tags
  key_sources_.clear();
  if (!split_warning_.empty()) *warning = std::move(split_warning_);
  split_warning_.clear();
  using Kind = CheckpointMarker::Kind;
  switch (m.kind) {
    case Kind::kAssigned:
      // Read again from its committed offset: whatever this stage holds of it goes.
      for (const auto& [source, closed] : m.assigned) {
        windows->discard(keys_->tag_of(source));
        keys_->discard(source);
        commits_.assigned(source, closed);
      }
      return true;
    case Kind::kRevoked:
      for (const auto& source : m.revoked) {
        windows->discard(keys_->tag_of(source));
        keys_->discard(source);
        commits_.revoked(source);
      }
      return true;
    case Kind::kCommit:
      // Already a commit (a window stage upstream of this one): nothing more known here.
      out->write(line);
      out->buffer() += '\n';
      out->end_record();
      return true;
    case Kind::kPositions:
      break;
  }
  if (m.end) {
    windows->close_all();
    ended_ = true;
  }
  CheckpointMarker c;
  c.kind = Kind::kCommit;
  c.id = m.id;
  c.end = m.end;
  // Windows that grow with their events (sessions) say which segments they still need.
  std::map<std::string, uint64_t, std::less<>> open;
  bool grows = windows->open_segments([&](std::string_view key, uint64_t segment) {
    std::string_view source;
    if (!keys_->live_source(key, &source)) return;
    auto it = open.find(source);
    if (it == open.end()) {
      open.emplace(std::string(source), segment);
    } else if (segment < it->second) {
      it->second = segment;
    }
  });
  // Each partition's own bound: its windows may close on its own event time (catching up
  // after an assignment, PartitionWindows).
  auto closed = [&](const std::string& source) -> std::optional<int64_t> {
    if (m.end) return last_end_seen_;
    return windows->closed_through_of(keys_->tag_of(source));
  };
  c.commit = commits_.marker(m.positions, closed, grows ? &open : nullptr);
  format_checkpoint_marker(c, &out->buffer());
  out->buffer() += '\n';
  out->end_record();
  return true;
}

bool CheckpointedWindows::read_source(JsonDocument& doc, std::string* err) {
  std::string_view source;
  if (get_string(doc, source_field_, &source, err) != FieldStatus::kOk) {
    *err += " (with --checkpoint, events come from ksub --checkpoint)";
    return false;
  }
  lookup_.assign(source.data(), source.size());
  return true;
}

Placement CheckpointedWindows::add(int64_t time_ns, std::string_view key, EventWindows* windows) {
  auto it = sources_.find(lookup_);
  if (it == sources_.end()) {
    SourceState state{
        keys_->tag_of(lookup_),
        commits_.stored_through(lookup_).value_or(std::numeric_limits<int64_t>::min()),
        commits_.current_last_end(lookup_), commits_.current_segment(lookup_), nullptr};
    state.part = windows->part_of_tag(state.tag);
    it = sources_.emplace(lookup_, std::move(state)).first;
  }
  SourceState& state = it->second;
  // Every event at first, then one in 16: enough to see a key's events alternate between
  // partitions, at a sixteenth of the cost on a long backlog.
  ++split_sample_;
  if (!split_warned_ && (split_sample_ < 65536 || (split_sample_ & 15) == 0)) {
    check_partitioned(key);
  }
  key = CheckpointKeys::tagged_key(state.tag, key, &key_buffer_);
  windows->select(state.part, state.segment);
  Placement placement = windows->add_unless_stored(time_ns, key, state.stored_through_ns);
  if (placement == Placement::kStored) ++stored_;
  int64_t end = windows->last_window_end(time_ns);
  last_end_seen_ = std::max(last_end_seen_, end);
  *state.last_end_ns = std::max(*state.last_end_ns, end);
  return placement;
}

void CheckpointedWindows::check_partitioned(std::string_view key) {
  key_lookup_.assign(key.data(), key.size());
  auto it = key_sources_.find(key_lookup_);
  if (it == key_sources_.end()) {
    key_sources_.emplace(key_lookup_, lookup_);
  } else if (it->second != lookup_) {
    split_warned_ = true;
    split_warning_ = fmt::format(
        "the key {} came from two partitions, {} and {}: with --checkpoint each key must be "
        "in one partition (publish keyed by the --by fields: kpub -k), or a group's members "
        "split its windows and store them partial",
        key_lookup_, it->second, lookup_);
    key_sources_.clear();
  }
}

}  // namespace rivulet
