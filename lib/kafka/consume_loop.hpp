#pragma once
// ksub's loop: messages from the consumer (merged in event-time order or as they arrive)
// written to stdout as NDJSON lines or envelopes, the output flushed and offsets committed
// only for what was flushed.

#include <cstdint>
#include <string>

#include "io/diagnostics.hpp"
#include "io/stats_ticker.hpp"
#include "kafka/consumer.hpp"
#include "kafka/kafka_config.hpp"
#include "kafka/merged_consumer.hpp"

namespace rivulet {

struct ConsumeLoopOptions {
  ConsumerSettings consumer;
  MergedConsumerSettings merge;
  bool envelope = false;  // write envelopes (consumer.metadata is set to match)
  uint64_t count = 0;     // stop after this many messages; 0: no limit
  bool line_buffered = false;
  StatsFormat stats = StatsFormat::kOff;
  std::string checkpoint_dir;  // --checkpoint (consumer.checkpoint is set to match)
  int64_t checkpoint_interval_ns = 1'000'000'000;
};

// Consumes until -e's end, --count, a stop request or --strict's first bad message. Bad
// messages, client errors and --stats go to *diagnostics. Returns the exit status: 1 if a
// message was rejected, else 0. Throws rivulet::Error when the consumer cannot go on.
// `clock` (default: the system's) times flushes, --stats, the merge's waits and checkpoints.
int run_consume_loop(const KafkaConfig& config, ConsumeLoopOptions options,
                     Diagnostics* diagnostics, const Clock* clock = nullptr);

}  // namespace rivulet
