#include "checkpoint/checkpoint_source.hpp"

#include <fmt/format.h>

namespace rivulet {

void CheckpointSource::assigned(
    const std::vector<std::pair<std::string, std::pair<int64_t, std::string>>>& parts,
    std::string* out) {
  if (parts.empty()) return;
  CheckpointMarker m;
  m.kind = CheckpointMarker::Kind::kAssigned;
  for (const auto& [source, committed] : parts) {
    std::optional<int64_t> closed = parse_commit_metadata(committed.second);
    m.assigned[source] = closed;
    positions_.erase(source);
    committed_.erase(source);
    if (committed.first >= 0) {
      // Reading resumes there: a marker before any new event of it may commit it again.
      positions_[source] = committed.first;
      committed_[source] = PartitionCommit{committed.first, closed};
    }
  }
  format_checkpoint_marker(m, out);
  out->push_back('\n');
}

void CheckpointSource::revoked(const std::vector<std::string>& sources, std::string* out) {
  if (sources.empty()) return;
  CheckpointMarker m;
  m.kind = CheckpointMarker::Kind::kRevoked;
  m.revoked = sources;
  for (const auto& s : sources) {
    positions_.erase(s);
    committed_.erase(s);
  }
  format_checkpoint_marker(m, out);
  out->push_back('\n');
}

void CheckpointSource::tag(std::string* out, size_t line_start, const std::string& source,
                           int64_t offset) {
  positions_[source] = offset + 1;
  written_since_marker_ = true;
  // The line ends with "}\n" for an object (ksub has checked it is JSON); trailing blanks
  // are possible. Anything else (an array, a number) stays untagged: not an event.
  size_t end = out->size() - 1;
  size_t close = end;
  while (close > line_start &&
         ((*out)[close - 1] == ' ' || (*out)[close - 1] == '\t' || (*out)[close - 1] == '\r')) {
    --close;
  }
  if (close == line_start || (*out)[close - 1] != '}' || (*out)[line_start] != '{') return;
  size_t brace = close - 1;
  size_t before = brace;
  while (before > line_start && ((*out)[before - 1] == ' ' || (*out)[before - 1] == '\t')) {
    --before;
  }
  bool empty = (*out)[before - 1] == '{' && before - 1 == line_start;
  std::string field = fmt::format("{}\"{}\":\"{}\"}}\n", empty ? "" : ",", kSourceField, source);
  out->resize(brace);
  out->append(field);
}

bool CheckpointSource::maybe_marker(int64_t now_ns, std::string* out, bool end) {
  if (!end && (!written_since_marker_ || now_ns < next_marker_ns_)) return false;
  CheckpointMarker m;
  m.id = next_id_++;
  m.end = end;
  m.positions = positions_;
  format_checkpoint_marker(m, out);
  out->push_back('\n');
  written_since_marker_ = false;
  next_marker_ns_ = now_ns + interval_ns_;
  return true;
}

std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> CheckpointSource::acknowledged(
    std::string* err) {
  std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> out;
  std::optional<CheckpointMarker> ack = acks_.poll(err);
  if (ack) {
    acknowledged_id_ = ack->id;
    ack_ = std::move(ack);
  }
  if (!ack_) return out;
  for (const auto& [source, c] : ack_->commit) {
    // Only partitions this member reads, and only forward: an older ack (a previous run's,
    // or one overtaken by a rebalance) is true but would make the group read more again.
    if (positions_.count(source) == 0) continue;
    auto it = committed_.find(source);
    if (it != committed_.end()) {
      const PartitionCommit& old = it->second;
      if (c.offset < old.offset) continue;
      if (c.offset == old.offset &&
          c.closed_through_ns.value_or(INT64_MIN) <= old.closed_through_ns.value_or(INT64_MIN)) {
        continue;
      }
    }
    out.emplace_back(source, std::make_pair(c.offset, commit_metadata(c.closed_through_ns)));
  }
  return out;
}

void CheckpointSource::committed(
    const std::vector<std::pair<std::string, std::pair<int64_t, std::string>>>& done) {
  for (const auto& [source, what] : done) {
    committed_[source] = PartitionCommit{what.first, parse_commit_metadata(what.second)};
  }
}

}  // namespace rivulet
