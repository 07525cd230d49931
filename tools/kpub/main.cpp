// kpub: publishes NDJSON lines to a Kafka topic, one message a line, with keys, headers and
// timestamps from the data. Safe by default: idempotent, bounded queue, every delivery
// accounted for.

#include <string>
#include <utility>
#include <vector>

#include "cli/kafka_client_options.hpp"
#include "cli/tool_cli.hpp"
#include "io/diagnostics.hpp"
#include "kafka/kafka_options.hpp"
#include "kafka/publish_loop.hpp"
#include "time/duration.hpp"

namespace {

struct Options {
  rivulet::KafkaClientOptions kafka;
  std::string topic;
  int partition = -1;
  std::string compression;
  std::string key_field;
  std::string key;
  bool has_key = false;
  std::vector<std::string> headers;
  std::vector<std::string> header_fields;
  std::string timestamp_field = "ts";
  bool no_timestamp = false;
  rivulet::TimeUnitOrAuto timestamp_unit = rivulet::kAutoTimeUnit;
  bool envelope = false;
  int64_t timeout_ns = 30'000'000'000;
  int64_t connect_timeout_ns = 10'000'000'000;
  rivulet::StatsFormat stats = rivulet::StatsFormat::kOff;
  rivulet::BadInputOptions bad_input;
  std::vector<std::string> inputs;
};

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  rivulet::ToolCli cli(
      "kpub", "Publish NDJSON lines to a Kafka topic, one message a line (like kcat -P -l).",
      "  frames-gen | kpub -t frames -k stream -z lz4\n"
      "  kpub -b kafka1:9092 -t frames -k stream -H source=cam-rig-2 capture.ndjson\n"
      "  ksub -t frames -e --envelope | kpub -t frames-copy --envelope\n");
  auto& app = cli.app();
  rivulet::add_kafka_client_options(app, &opt.kafka);
  app.add_option("-t,--topic", opt.topic, "Topic to publish to")->type_name("TOPIC")->required();
  app.add_option("-p,--partition", opt.partition,
                 "Partition to publish to (default: chosen by the key's hash, random without)")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  app.add_option("-z,--compression", opt.compression,
                 "Compression codec: none, gzip, snappy, lz4, zstd")
      ->type_name("CODEC");
  app.add_option("-k,--key-field", opt.key_field,
                 "Message key is this field's value (strings without quotes)")
      ->type_name("F");
  app.add_option("--key", opt.key, "Fixed message key for every message")->type_name("K");
  app.add_option("-H,--header", opt.headers, "Add header NAME=VALUE (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  app.add_option("--header-field", opt.header_fields,
                 "Add a header named F with the field's value (repeatable; omitted if absent)")
      ->type_name("F")
      ->allow_extra_args(false);
  app.add_option("--timestamp-field", opt.timestamp_field,
                 "Message timestamp from this field (epoch, or RFC 3339; default ts, and a line "
                 "without it gets the time of publishing)")
      ->type_name("F");
  app.add_flag("--no-timestamp-field", opt.no_timestamp,
               "Timestamp every message with the time of publishing");
  app.add_option_function<std::string>(
         "--timestamp-unit",
         [&opt](const std::string& text) {
           if (!rivulet::parse_time_unit(text, &opt.timestamp_unit)) {
             throw CLI::ValidationError("--timestamp-unit",
                                        "\"" + text + "\" is not one of auto, s, ms, us, ns");
           }
         },
         "Unit of numeric --timestamp-field values: auto, s, ms, us, ns (default auto)")
      ->type_name("UNIT");
  app.add_flag("--envelope", opt.envelope,
               "Input lines are ksub --envelope objects: publish their payload, key, headers "
               "and ts");
  cli.add_duration("--timeout", &opt.timeout_ns,
                   "How long a message may wait for delivery, and the wait for the last ones "
                   "at exit");
  cli.add_duration("--connect-timeout", &opt.connect_timeout_ns,
                   "Give up (exit 1, no input read) if no broker has answered within this "
                   "long (default 10s; 0: let messages wait up to --timeout)");
  cli.add_stats(&opt.stats);
  cli.add_bad_input_options(&opt.bad_input);
  cli.add_inputs(&opt.inputs);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  opt.has_key = app.count("--key") > 0;
  if (opt.has_key && !opt.key_field.empty()) {
    return cli.usage_error("--key and --key-field exclude each other");
  }
  bool explicit_timestamp = app.count("--timestamp-field") > 0;
  if (opt.no_timestamp && explicit_timestamp) {
    return cli.usage_error("--timestamp-field and --no-timestamp-field exclude each other");
  }
  if (opt.envelope && (!opt.key_field.empty() || !opt.header_fields.empty() ||
                       explicit_timestamp)) {
    return cli.usage_error("--envelope takes key, headers and timestamp from the envelope; "
                           "--key-field, --header-field and --timestamp-field do not apply");
  }
  if (opt.timeout_ns < 1'000'000) return cli.usage_error("--timeout must be at least 1ms");

  rivulet::PublishOptions publish;
  if (!opt.key_field.empty()) publish.key_field = rivulet::FieldPath(opt.key_field);
  if (opt.has_key) publish.fixed_key = opt.key;
  for (const auto& text : opt.headers) {
    std::pair<std::string, std::string> header;
    std::string err;
    if (!rivulet::parse_header_assignment(text, &header, &err)) {
      return cli.usage_error("-H " + err);
    }
    publish.headers.push_back(header);
  }
  for (const auto& f : opt.header_fields) publish.header_fields.emplace_back(f);
  // By default the message timestamp is the event time, so that consumers (ksub's merge,
  // -o @TIME) see event time; a line without the field is published all the same.
  if (!opt.no_timestamp && !opt.envelope && !opt.timestamp_field.empty()) {
    publish.timestamp_field = rivulet::FieldPath(opt.timestamp_field);
    publish.timestamp_optional = !explicit_timestamp;
  }
  publish.timestamp_unit = opt.timestamp_unit;
  publish.envelope = opt.envelope;

  rivulet::PublishLoopOptions loop;
  loop.topic = opt.topic;
  loop.partition = opt.partition;
  loop.publish = std::move(publish);
  loop.timeout_ns = opt.timeout_ns;
  loop.connect_timeout_ns = opt.connect_timeout_ns;
  loop.stats = opt.stats;
  loop.inputs = opt.inputs;

  return rivulet::run_tool("kpub", [&] {
    rivulet::Diagnostics diagnostics("kpub");
    rivulet::apply_bad_input_options(opt.bad_input, &diagnostics);
    rivulet::KafkaConfig config = rivulet::kafka_config_from(opt.kafka);
    if (!opt.compression.empty()) config.set_compression(opt.compression);
    return rivulet::run_publish_loop(config, loop, &diagnostics);
  });
}
