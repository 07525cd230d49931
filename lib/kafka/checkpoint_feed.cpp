#include "kafka/checkpoint_feed.hpp"

#include <poll.h>
#include <sys/stat.h>

#include <utility>
#include <vector>

#include "checkpoint/marker.hpp"
#include "io/signals.hpp"

namespace rivulet {

namespace {

constexpr int64_t kAcknowledgementPollNs = 50'000'000;

int64_t wall_clock_ms() { return realtime_now_ns() / 1'000'000; }

}  // namespace

CheckpointFeed::CheckpointFeed(const std::string& dir, int64_t interval_ns, Consumer* consumer,
                               OutputWriter* out, Diagnostics* diagnostics, const Clock* clock)
    : source_(dir, interval_ns, wall_clock_ms()),
      interval_ns_(interval_ns),
      consumer_(consumer),
      out_(out),
      diagnostics_(diagnostics),
      clock_(clock) {}

void CheckpointFeed::commit_acknowledged() {
  std::string err;
  auto acks = source_.acknowledged(&err);
  if (!err.empty()) diagnostics_->error(err);
  if (!acks.empty() && consumer_->commit_acknowledged(acks)) source_.committed(acks);
}

void CheckpointFeed::step(int64_t now_ns) {
  std::vector<std::string> revoked;
  for (const auto& tp : consumer_->take_checkpoint_revoked()) {
    revoked.push_back(source_name(tp.topic, tp.partition));
  }
  source_.revoked(revoked, &out_->buffer());
  std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> assigned;
  for (auto& a : consumer_->take_assigned()) {
    assigned.emplace_back(source_name(a.partition.topic, a.partition.partition),
                          std::make_pair(a.committed, std::move(a.metadata)));
  }
  source_.assigned(assigned, &out_->buffer());
  if (source_.maybe_marker(now_ns, &out_->buffer())) out_->end_record();
  if (now_ns >= next_ack_ns_) {
    next_ack_ns_ = now_ns + kAcknowledgementPollNs;
    commit_acknowledged();
  }
}

void CheckpointFeed::tag(const ConsumedMessage& message, size_t line_start) {
  source_.tag(&out_->buffer(), line_start, source_of(message), message.offset);
}

void CheckpointFeed::passed(const ConsumedMessage& message) {
  source_.passed(source_of(message), message.offset);
}

void CheckpointFeed::finish_at_end() {
  step(clock_->now_ns());
  source_.maybe_marker(clock_->now_ns(), &out_->buffer(), true);
  out_->flush();
  consumer_->output_flushed();
  int64_t end_id = source_.last_marker_id();
  struct stat st;
  bool to_pipe = fstat(1, &st) == 0 && S_ISFIFO(st.st_mode);  // a file never acknowledges
  // The end marker is repeated every interval: a stage that died downstream then shows as a
  // closed pipe here instead of a wait for ever.
  int64_t repeat_ns = clock_->now_ns() + interval_ns_;
  while (to_pipe && !stop_requested() && source_.acknowledged_id() < end_id) {
    pollfd pfd{1, 0, 0};
    if (::poll(&pfd, 1, 50) > 0 && (pfd.revents & (POLLERR | POLLHUP))) break;
    commit_acknowledged();
    if (clock_->now_ns() >= repeat_ns) {
      repeat_ns = clock_->now_ns() + interval_ns_;
      source_.maybe_marker(clock_->now_ns(), &out_->buffer(), true);
      out_->flush();
    }
  }
}

}  // namespace rivulet
