#include "kafka/consume_loop.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <memory>

#include "io/exit_status.hpp"
#include "io/output_writer.hpp"
#include "io/signals.hpp"
#include "time/clock.hpp"
#include "kafka/checkpoint_feed.hpp"
#include "kafka/message_formatter.hpp"

namespace rivulet {

namespace {

// Flushing (and so committing) at least this often while messages keep coming.
constexpr int64_t kFlushIntervalNs = 100'000'000;
constexpr int kIdleWaitMs = 100;

}  // namespace

int run_consume_loop(const KafkaConfig& config, ConsumeLoopOptions options,
                     Diagnostics* diagnostics, const Clock* clock) {
  if (clock == nullptr) clock = &system_clock();
  options.consumer.metadata = options.envelope;
  options.consumer.checkpoint = !options.checkpoint_dir.empty();
  OutputWriter out(1);
  out.set_line_buffered(options.line_buffered);
  Consumer consumer(config, options.consumer);
  std::unique_ptr<CheckpointFeed> checkpoint;
  if (options.consumer.checkpoint) {
    checkpoint = std::make_unique<CheckpointFeed>(
        options.checkpoint_dir, options.checkpoint_interval_ns, &consumer, &out, diagnostics,
        clock);
  }
  consumer.on_revoke([&] {
    out.flush();
    if (checkpoint) checkpoint->commit_acknowledged();
  });
  consumer.on_client_error([&](const std::string& message) {
    diagnostics->error("kafka: " + message);
  });
  MergedConsumer reader(&consumer, options.merge, clock);

  MessageFormatter formatter;
  std::string err;
  uint64_t consumed = 0, rejected = 0;
  int64_t last_flush_ns = clock->now_ns();
  StatsTicker ticker(options.stats, diagnostics, clock, isatty(2));
  auto stats = [&] {
    StatsRecord record;
    record.count("consumed", consumed)
        .count("written", consumed - rejected)
        .count("rejected", rejected)
        .rate_of("consumed");
    return record;
  };
  auto flush = [&] {
    out.flush();
    consumer.output_flushed();
    last_flush_ns = clock->now_ns();
  };
  // False once the loop must end (--count reached, --strict).
  auto write = [&](const ConsumedMessage& message) {
    size_t line_start = out.buffer().size();
    if (options.envelope) {
      formatter.append_envelope(message, out.buffer());
      if (checkpoint) checkpoint->tag(message, line_start);
      out.end_record();
    } else if (formatter.append_value_line(message, out.buffer(), &err)) {
      if (checkpoint) checkpoint->tag(message, line_start);
      out.end_record();
    } else {
      if (checkpoint) checkpoint->passed(message);
      ++rejected;
      diagnostics->bad_line(fmt::format("{}:{}", message.topic, message.partition),
                            static_cast<uint64_t>(message.offset), err,
                            message.value.value_or(std::string_view()));
    }
    consumer.written(message);
    ++consumed;
    return !diagnostics->should_stop() && (options.count == 0 || consumed < options.count);
  };

  int wait_ms = 0;
  bool done = false;
  while (!done && !stop_requested()) {
    const auto& batch = reader.poll(wait_ms);
    if (checkpoint) checkpoint->step(clock->now_ns());
    if (batch.empty()) {
      flush();
      ticker.maybe_tick(stats);
      if (options.consumer.exit_at_end && consumer.at_end()) break;
      wait_ms = kIdleWaitMs;
      continue;
    }
    wait_ms = 0;
    for (const ConsumedMessage& m : batch) {
      if (!write(m)) {
        done = true;
        break;
      }
    }
    if (clock->now_ns() - last_flush_ns >= kFlushIntervalNs) {
      flush();
      ticker.maybe_tick(stats);
    }
  }
  // What the merge still holds was read: at the end (-e) or on a stop it goes out, in order.
  if (!done) {
    for (const ConsumedMessage& m : reader.drain()) {
      if (!write(m)) break;
    }
    if (checkpoint && options.consumer.exit_at_end && consumer.at_end()) {
      checkpoint->finish_at_end();
    }
  }
  flush();
  consumer.close();
  ticker.finish(stats());
  diagnostics->finish();
  return rejected > 0 ? kExitDataError : kExitOk;
}

}  // namespace rivulet
