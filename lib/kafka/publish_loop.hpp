#pragma once
// kpub's loop: input lines published one message a line, delivery failures reported with
// their input line, and every message accounted for at exit.

#include <cstdint>
#include <string>
#include <vector>

#include "io/diagnostics.hpp"
#include "io/stats_ticker.hpp"
#include "kafka/kafka_config.hpp"
#include "kafka/line_publisher.hpp"

namespace rivulet {

struct PublishLoopOptions {
  std::string topic;
  int32_t partition = -1;  // < 0: chosen by the key's hash
  PublishOptions publish;
  int64_t timeout_ns = 30'000'000'000;          // --timeout: a message's wait for delivery
  int64_t connect_timeout_ns = 10'000'000'000;  // 0: no separate wait for a broker
  StatsFormat stats = StatsFormat::kOff;
  std::vector<std::string> inputs;
};

// Publishes every input line. Bad lines, undelivered messages and --stats go to
// *diagnostics. Returns the exit status: 1 if a line was bad, a message was not delivered or
// no broker answered, else 0. Throws rivulet::Error when the producer cannot go on. `clock`
// (default: the system's) times --stats and the producer's waits.
int run_publish_loop(const KafkaConfig& config, const PublishLoopOptions& options,
                     Diagnostics* diagnostics, const Clock* clock = nullptr);

}  // namespace rivulet
