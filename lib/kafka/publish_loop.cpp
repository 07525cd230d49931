#include "kafka/publish_loop.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>

#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "kafka/producer.hpp"
#include "time/duration.hpp"

namespace rivulet {

namespace {

// Delivery failures name their input line: the input's index in the high bits.
constexpr int kOriginLineBits = 44;
constexpr uint64_t kOriginLineMask = (uint64_t{1} << kOriginLineBits) - 1;
constexpr int kInputIdleMs = 100;

}  // namespace

int run_publish_loop(const KafkaConfig& user_config, const PublishLoopOptions& options,
                     Diagnostics* diagnostics, const Clock* clock) {
  KafkaConfig config = user_config;
  config.set_default("message.timeout.ms", std::to_string(options.timeout_ns / 1'000'000));
  Producer producer(config, options.topic, options.partition, clock);

  std::vector<std::string> sources;
  producer.on_delivery_failure(
      [&](uint64_t origin, std::string_view payload, const std::string& reason) {
        size_t index = origin >> kOriginLineBits;
        diagnostics->report_undelivered(index < sources.size() ? sources[index] : "-",
                                        origin & kOriginLineMask, "not delivered: " + reason,
                                        payload);
      });
  producer.on_client_error(
      [&](const std::string& message) { diagnostics->error("kafka: " + message); });

  // A wrong address or a broker that is not running fails in seconds, not after every
  // message has waited out --timeout.
  int64_t connect_ns = std::min(options.connect_timeout_ns, options.timeout_ns);
  if (connect_ns > 0 && !producer.wait_for_broker(static_cast<int>(connect_ns / 1'000'000))) {
    diagnostics->error(fmt::format("no broker answered at {} within {}; nothing was published",
                                   config.get("bootstrap.servers"),
                                   format_duration(connect_ns)));
    return kExitDataError;
  }
  LinePublisher publisher(options.publish, &producer);
  InputChain input(options.inputs);
  input.set_before_wait([&] {
    producer.flush();
    producer.poll();
  });
  input.set_idle_timeout(kInputIdleMs);
  StatsTicker ticker(options.stats, diagnostics, clock, isatty(2));
  auto stats = [&] {
    const ProducerCounts& counts = producer.counts();
    StatsRecord record;
    record.count("produced", counts.produced)
        .count("delivered", counts.delivered)
        .count("undelivered", counts.failed)
        .count("in_flight", counts.in_flight())
        .count("bad_lines", diagnostics->bad_lines())
        .rate_of("delivered");
    return record;
  };

  Line line;
  std::string err;
  uint64_t lines = 0;
  for (;;) {
    ReadStatus status = input.next(&line);
    if (status == ReadStatus::kTimeout) {
      producer.flush();
      producer.poll();
      ticker.maybe_tick(stats);
      continue;
    }
    if (status != ReadStatus::kLine) break;
    if (sources.empty() || sources.back() != input.source()) sources.push_back(input.source());
    uint64_t origin = (uint64_t{sources.size() - 1} << kOriginLineBits) | line.number;
    if (!publisher.publish(line.text, origin, &err)) {
      diagnostics->bad_line(input.source(), line.number, err, line.text);
      if (diagnostics->should_stop()) break;
    }
    if ((++lines & 1023) == 0) {
      producer.poll();
      ticker.maybe_tick(stats);
    }
  }

  uint64_t undelivered = producer.drain(options.timeout_ns / 1'000'000);
  ticker.finish(stats());
  diagnostics->finish();
  if (undelivered > 0) {
    std::string why = producer.first_failure();
    if (!producer.last_client_error().empty()) {
      why += fmt::format(" (last broker error: {})", producer.last_client_error());
    }
    diagnostics->error(fmt::format("{} of {} messages not delivered to topic \"{}\": {}",
                                   undelivered, producer.counts().produced, options.topic, why));
    return kExitDataError;
  }
  return diagnostics->bad_lines() > 0 ? kExitDataError : kExitOk;
}

}  // namespace rivulet
