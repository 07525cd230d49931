// ksub: consumes Kafka topics as NDJSON, one line a message, alone or in a consumer group,
// committing only what has been written out (at-least-once).

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "io/diagnostics.hpp"
#include "io/exit_status.hpp"
#include "io/output_writer.hpp"
#include "io/signals.hpp"
#include "kafka/consumer.hpp"
#include "kafka/kafka_options.hpp"
#include "kafka/merged_consumer.hpp"
#include "kafka/message_output.hpp"

namespace {

struct Options {
  rivulet::KafkaClientOptions kafka;
  std::vector<std::string> topics;
  int partition = -1;
  std::string group;
  std::string offset;
  bool exit_at_end = false;
  uint64_t count = 0;
  bool envelope = false;
  std::string order = "time";
  std::string time_field;
  int64_t max_idle_ns = rivulet::MergeSettings().idle_ns;
  bool line_buffered = false;
  bool stats = false;
  rivulet::BadInputOptions bad_input;
};

// Flushing (and so committing) at least this often while messages keep coming.
constexpr long long kFlushIntervalNs = 100'000'000;

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  rivulet::ToolCli cli(
      "ksub",
      "Consume Kafka topics as NDJSON, one line a message (like kcat -C / kcat -G).",
      "  ksub -t frames -e > frames.ndjson\n"
      "  ksub -G win-avg -t frames | win-avg --window 10s --by stream\n"
      "  ksub -t frames -o -10 -e --envelope\n");
  auto& app = cli.app();
  rivulet::add_kafka_client_options(app, &opt.kafka);
  app.add_option("-t,--topic", opt.topics, "Topic to read (repeatable)")
      ->type_name("TOPIC")
      ->allow_extra_args(false)
      ->required();
  app.add_option("-p,--partition", opt.partition, "Read only this partition (not with -G)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-G,--group", opt.group,
                 "Join consumer group G: partitions are shared with the group's other members "
                 "and offsets are committed")
      ->type_name("G");
  app.add_option("-o,--offset", opt.offset,
                 "Start at beginning (or earliest), end (or latest), stored, N, -N (N before the end) "
                 "or @TIMESTAMP_MS "
                 "(default: beginning; with -G: stored, else beginning)")
      ->type_name("OFFSET");
  app.add_flag("-e,--exit-at-end", opt.exit_at_end,
               "Exit once every assigned partition is read to its end");
  app.add_option("-c,--count", opt.count, "Exit after N messages")->type_name("N");
  app.add_flag("--envelope", opt.envelope,
               "Write one object per message with topic, partition, offset, tstype, ts, "
               "broker, headers, key and payload (kcat -J names)");
  app.add_option("--order", opt.order,
                 "time: merge the partitions read by event time, smallest first (default); "
                 "arrival: as fetched, like kcat")
      ->type_name("ORDER")
      ->check(CLI::IsMember({"time", "arrival"}));
  app.add_option("--time-field", opt.time_field,
                 "Merge by this payload field (epoch in any unit, or RFC 3339) instead of the "
                 "message timestamp")
      ->type_name("F");
  cli.add_duration("--max-idle", &opt.max_idle_ns,
                   "How long a partition read to its end may hold the others back waiting for "
                   "its next message (default 250ms)");
  cli.add_line_buffered(&opt.line_buffered);
  cli.add_stats(&opt.stats);
  cli.add_bad_input_options(&opt.bad_input);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  rivulet::ConsumerSettings settings;
  settings.topics = opt.topics;
  settings.partition = opt.partition;
  settings.group = opt.group;
  settings.exit_at_end = opt.exit_at_end;
  settings.start.kind = opt.group.empty() ? rivulet::StartOffset::kBeginning
                                          : rivulet::StartOffset::kStored;
  if (!opt.offset.empty()) {
    std::string err;
    if (!rivulet::parse_start_offset(opt.offset, &settings.start, &err)) {
      return cli.usage_error("-o " + err);
    }
  }
  if (!opt.group.empty()) {
    if (opt.partition >= 0) return cli.usage_error("-p cannot be used with -G");
    auto kind = settings.start.kind;
    if (kind != rivulet::StartOffset::kBeginning && kind != rivulet::StartOffset::kEnd &&
        kind != rivulet::StartOffset::kStored) {
      return cli.usage_error(
          "with -G, -o takes beginning, end or stored (where a group without a committed "
          "offset starts)");
    }
  } else if (settings.start.kind == rivulet::StartOffset::kStored) {
    return cli.usage_error("-o stored needs a group (-G)");
  }

  rivulet::MergedConsumerSettings merge;
  merge.merge = opt.order == "time";
  merge.merge_settings.idle_ns = opt.max_idle_ns;
  if (!opt.time_field.empty()) {
    merge.time_field.emplace(rivulet::FieldPath(opt.time_field), rivulet::TimeUnit::kAuto);
  }

  return rivulet::run_tool("ksub", [&] {
    rivulet::Diagnostics diagnostics("ksub");
    rivulet::apply_bad_input_options(opt.bad_input, &diagnostics);
    rivulet::OutputWriter out(1);
    out.set_line_buffered(opt.line_buffered);
    rivulet::KafkaConfig config = rivulet::kafka_config_from(opt.kafka);
    rivulet::Consumer consumer(config, settings);
    consumer.on_revoke([&] { out.flush(); });
    consumer.on_client_error(
        [&](const std::string& message) { diagnostics.error("kafka: " + message); });
    rivulet::MergedConsumer reader(&consumer, merge);

    rivulet::MessageFormatter formatter;
    std::string err;
    uint64_t consumed = 0, rejected = 0;
    long long start_ns = rivulet::monotonic_now_ns();
    long long last_flush_ns = start_ns;
    long long next_stats_ns = start_ns + 1'000'000'000;
    auto stats = [&](bool force) {
      long long now = rivulet::monotonic_now_ns();
      if (!force && (!opt.stats || now < next_stats_ns)) return;
      next_stats_ns = now + 1'000'000'000;
      char rate[32];
      std::snprintf(rate, sizeof rate, "%.0f", consumed / ((now - start_ns) / 1e9));
      diagnostics.info("consumed " + std::to_string(consumed) + ", written " +
                       std::to_string(consumed - rejected) + ", rejected " +
                       std::to_string(rejected) + ", " + rate + " msg/s");
    };
    auto flush = [&] {
      out.flush();
      consumer.output_flushed();
      last_flush_ns = rivulet::monotonic_now_ns();
    };

    auto write = [&](const rd_kafka_message_t* m) {
      rivulet::ConsumedMessage message = rivulet::consumed_message(m, opt.envelope);
      if (opt.envelope) {
        formatter.append_envelope(message, out.buffer());
        out.end_record();
      } else if (formatter.append_value_line(message, out.buffer(), &err)) {
        out.end_record();
      } else {
        ++rejected;
        std::string source = std::string(message.topic) + ":" + std::to_string(m->partition);
        diagnostics.bad_line(source, static_cast<uint64_t>(m->offset), err,
                             message.value.value_or(std::string_view()));
      }
      consumer.written(m);
      ++consumed;
      return !diagnostics.should_stop() && (opt.count == 0 || consumed < opt.count);
    };

    int wait_ms = 0;
    bool done = false;
    while (!done && !rivulet::stop_requested()) {
      const auto& batch = reader.poll(wait_ms);
      if (batch.empty()) {
        flush();
        stats(false);
        if (opt.exit_at_end && consumer.at_end()) break;
        wait_ms = 100;
        continue;
      }
      wait_ms = 0;
      for (const rd_kafka_message_t* m : batch) {
        if (!write(m)) {
          done = true;
          break;
        }
      }
      if (rivulet::monotonic_now_ns() - last_flush_ns >= kFlushIntervalNs) {
        flush();
        stats(false);
      }
    }
    // What the merge still holds was read: at the end (-e) or on a stop it goes out, in order.
    if (!done) {
      for (const rd_kafka_message_t* m : reader.drain()) {
        if (!write(m)) break;
      }
    }
    flush();
    consumer.close();
    if (opt.stats || isatty(2)) stats(true);
    diagnostics.finish();
    return rejected > 0 ? static_cast<int>(rivulet::kExitDataError)
                        : static_cast<int>(rivulet::kExitOk);
  });
}
