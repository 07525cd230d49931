// ksub: consumes Kafka topics as NDJSON, one line a message, alone or in a consumer group,
// committing only what has been written out (at-least-once).

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "checkpoint/checkpoint_source.hpp"
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
  std::string checkpoint;
  int64_t checkpoint_interval_ns = 1'000'000'000;
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
  app.add_option("--checkpoint", opt.checkpoint,
                 "Effectively-once with a --checkpoint sink: tag events with their partition, "
                 "put checkpoint markers into the stream and commit only what the sink "
                 "acknowledged in DIR (needs -G; see DELIVERY)")
      ->type_name("DIR")
      ->check(rivulet::directory_created());
  cli.add_duration("--checkpoint-interval", &opt.checkpoint_interval_ns,
                   "Put a checkpoint marker into the stream this often (default 1s)");
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
  } else if (!opt.checkpoint.empty()) {
    return cli.usage_error("--checkpoint needs a group (-G): offsets are committed there");
  } else if (settings.start.kind == rivulet::StartOffset::kStored) {
    return cli.usage_error("-o stored needs a group (-G)");
  }

  settings.checkpoint = !opt.checkpoint.empty();
  if (opt.checkpoint_interval_ns <= 0) return cli.usage_error("--checkpoint-interval must be positive");

  rivulet::MergedConsumerSettings merge;
  merge.merge = opt.order == "time";
  merge.merge_settings.idle_ns = opt.max_idle_ns;
  if (!opt.time_field.empty()) {
    merge.time_field.emplace(rivulet::FieldPath(opt.time_field), rivulet::kAutoTimeUnit);
  }

  return rivulet::run_tool("ksub", [&] {
    rivulet::Diagnostics diagnostics("ksub");
    rivulet::apply_bad_input_options(opt.bad_input, &diagnostics);
    rivulet::OutputWriter out(1);
    out.set_line_buffered(opt.line_buffered);
    rivulet::KafkaConfig config = rivulet::kafka_config_from(opt.kafka);
    rivulet::Consumer consumer(config, settings);
    std::unique_ptr<rivulet::CheckpointSource> checkpoint;
    if (settings.checkpoint) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::system_clock::now().time_since_epoch());
      checkpoint = std::make_unique<rivulet::CheckpointSource>(
          opt.checkpoint, opt.checkpoint_interval_ns, ms.count());
    }
    // --checkpoint: commits what the sink acknowledged, for the partitions still read.
    auto commit_acknowledged = [&] {
      std::string ack_err;
      auto acks = checkpoint->acknowledged(&ack_err);
      if (!ack_err.empty()) diagnostics.error(ack_err);
      std::vector<std::pair<rivulet::TopicPartition, std::pair<int64_t, std::string>>> list;
      for (auto& [source, what] : acks) {
        rivulet::TopicPartition tp;
        if (rivulet::split_source_name(source, &tp.topic, &tp.partition)) {
          list.emplace_back(std::move(tp), what);
        }
      }
      if (!list.empty() && consumer.commit(list)) checkpoint->committed(acks);
    };
    consumer.on_revoke([&] {
      out.flush();
      if (checkpoint) commit_acknowledged();
    });
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
    long long next_ack_ns = 0;
    // --checkpoint: markers for rebalances before any event they concern, positions every
    // interval, and the sink's acknowledgements turned into commits.
    auto checkpoint_step = [&] {
      if (!checkpoint) return;
      std::vector<std::string> revoked;
      for (const auto& tp : consumer.take_checkpoint_revoked()) {
        revoked.push_back(rivulet::source_name(tp.topic, tp.partition));
      }
      checkpoint->revoked(revoked, &out.buffer());
      std::vector<std::pair<std::string, std::pair<int64_t, std::string>>> assigned;
      for (auto& a : consumer.take_assigned()) {
        assigned.emplace_back(rivulet::source_name(a.partition.topic, a.partition.partition),
                              std::make_pair(a.committed, std::move(a.metadata)));
      }
      checkpoint->assigned(assigned, &out.buffer());
      long long now = rivulet::monotonic_now_ns();
      if (checkpoint->maybe_marker(now, &out.buffer())) out.end_record();
      if (now >= next_ack_ns) {
        next_ack_ns = now + 50'000'000;
        commit_acknowledged();
      }
    };
    auto flush = [&] {
      out.flush();
      consumer.output_flushed();
      last_flush_ns = rivulet::monotonic_now_ns();
    };

    auto write = [&](const rd_kafka_message_t* m) {
      rivulet::ConsumedMessage message = rivulet::consumed_message(m, opt.envelope);
      size_t line_start = out.buffer().size();
      const std::string* source =
          checkpoint ? &checkpoint->source_of(rd_kafka_topic_name(m->rkt), m->partition) : nullptr;
      if (opt.envelope) {
        formatter.append_envelope(message, out.buffer());
        if (source) checkpoint->tag(&out.buffer(), line_start, *source, m->offset);
        out.end_record();
      } else if (formatter.append_value_line(message, out.buffer(), &err)) {
        if (source) checkpoint->tag(&out.buffer(), line_start, *source, m->offset);
        out.end_record();
      } else {
        if (source) checkpoint->passed(*source, m->offset);
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
      checkpoint_step();
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
      if (checkpoint && opt.exit_at_end && consumer.at_end()) {
        // The end of input: downstream closes its windows; wait (while stdout is open) for
        // the sink to acknowledge it so its offsets are committed before leaving the group.
        checkpoint_step();
        checkpoint->maybe_marker(rivulet::monotonic_now_ns(), &out.buffer(), true);
        flush();
        int64_t end_id = checkpoint->last_marker_id();
        struct stat st;
        bool to_pipe = fstat(1, &st) == 0 && S_ISFIFO(st.st_mode);  // a file never acknowledges
        // The end marker is repeated every interval: a stage that died downstream then
        // shows as a closed pipe here instead of a wait for ever.
        long long repeat_ns = rivulet::monotonic_now_ns() + opt.checkpoint_interval_ns;
        while (to_pipe && !rivulet::stop_requested() && checkpoint->acknowledged_id() < end_id) {
          pollfd pfd{1, 0, 0};
          if (::poll(&pfd, 1, 50) > 0 && (pfd.revents & (POLLERR | POLLHUP))) break;
          commit_acknowledged();
          if (rivulet::monotonic_now_ns() >= repeat_ns) {
            repeat_ns = rivulet::monotonic_now_ns() + opt.checkpoint_interval_ns;
            checkpoint->maybe_marker(rivulet::monotonic_now_ns(), &out.buffer(), true);
            out.flush();
          }
        }
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
