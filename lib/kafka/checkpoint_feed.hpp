#pragma once
// ksub --checkpoint between the consumer and the output: markers for rebalances before any
// event they concern, positions every interval, and the sink's acknowledgements turned into
// commits.

#include <cstdint>
#include <string>

#include "checkpoint/checkpoint_source.hpp"
#include "io/diagnostics.hpp"
#include "io/output_writer.hpp"
#include "kafka/consumed_message.hpp"
#include "kafka/consumer.hpp"
#include "time/clock.hpp"

namespace rivulet {

class CheckpointFeed {
 public:
  // Markers go to *out; commits through *consumer; errors reading acknowledgements to
  // *diagnostics; `clock` times markers and waits. All must outlive this. Marker ids start
  // at the wall clock in ms.
  CheckpointFeed(const std::string& dir, int64_t interval_ns, Consumer* consumer,
                 OutputWriter* out, Diagnostics* diagnostics, const Clock* clock);

  // Rebalance markers, a positions marker when due, acknowledgements committed (every
  // 50 ms). Call after each poll.
  void step(int64_t now_ns);
  // Commits what the sink acknowledged, for the partitions still read.
  void commit_acknowledged();

  // The message's line ends the output buffer from line_start: tags it with its partition.
  void tag(const ConsumedMessage& message, size_t line_start);
  // The message was handled without a line (rejected as bad input).
  void passed(const ConsumedMessage& message);

  // The end of input (-e): puts the end marker out, flushes, and waits while stdout is a
  // pipe still open for the sink to acknowledge it, so its offsets are committed before
  // leaving the group.
  void finish_at_end();

 private:
  const std::string& source_of(const ConsumedMessage& message) {
    return source_.source_of(message.topic.data(), message.partition);
  }

  CheckpointSource source_;
  int64_t interval_ns_;
  Consumer* consumer_;
  OutputWriter* out_;
  Diagnostics* diagnostics_;
  const Clock* clock_;
  int64_t next_ack_ns_ = 0;
};

}  // namespace rivulet
