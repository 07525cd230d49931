// ksub: consumes Kafka topics as NDJSON, one line a message, alone or in a consumer group,
// committing only what has been written out (at-least-once).

#include <string>
#include <vector>

#include "cli/kafka_client_options.hpp"
#include "cli/tool_cli.hpp"
#include "io/diagnostics.hpp"
#include "kafka/consume_loop.hpp"
#include "kafka/kafka_options.hpp"

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
  rivulet::StatsFormat stats = rivulet::StatsFormat::kOff;
  rivulet::BadInputOptions bad_input;
  std::string checkpoint;
  int64_t checkpoint_interval_ns = 1'000'000'000;
};

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
                   "its next message (default 250ms; 0 with -e)");
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

  if (opt.checkpoint_interval_ns <= 0) return cli.usage_error("--checkpoint-interval must be positive");

  rivulet::ConsumeLoopOptions loop;
  loop.consumer = std::move(settings);
  loop.merge.merge = opt.order == "time";
  loop.merge.merge_settings.idle_ns = opt.max_idle_ns;
  // -e reads what the broker holds: a partition at its end has nothing more to wait for.
  if (opt.exit_at_end && app.count("--max-idle") == 0) loop.merge.merge_settings.idle_ns = 0;
  if (!opt.time_field.empty()) {
    loop.merge.time_field.emplace(rivulet::FieldPath(opt.time_field), rivulet::kAutoTimeUnit);
  }
  loop.envelope = opt.envelope;
  loop.count = opt.count;
  loop.line_buffered = opt.line_buffered;
  loop.stats = opt.stats;
  loop.checkpoint_dir = opt.checkpoint;
  loop.checkpoint_interval_ns = opt.checkpoint_interval_ns;

  return rivulet::run_tool("ksub", [&] {
    rivulet::Diagnostics diagnostics("ksub");
    rivulet::apply_bad_input_options(opt.bad_input, &diagnostics);
    return rivulet::run_consume_loop(rivulet::kafka_config_from(opt.kafka), std::move(loop),
                                     &diagnostics);
  });
}
