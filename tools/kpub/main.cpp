// kpub: publishes NDJSON lines to a Kafka topic, one message a line, with keys, headers and
// timestamps from the data. Safe by default: idempotent, bounded queue, every delivery
// accounted for.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "io/diagnostics.hpp"
#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "io/signals.hpp"
#include "kafka/kafka_options.hpp"
#include "kafka/line_publisher.hpp"
#include "kafka/producer.hpp"
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
  bool stats = false;
  rivulet::BadInputOptions bad_input;
  std::vector<std::string> inputs;
};

// Delivery failures name their input line: the input's index in the high bits.
constexpr int kOriginLineBits = 44;

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

  return rivulet::run_tool("kpub", [&] {
    rivulet::Diagnostics diagnostics("kpub");
    rivulet::apply_bad_input_options(opt.bad_input, &diagnostics);
    rivulet::KafkaConfig config = rivulet::kafka_config_from(opt.kafka);
    if (!opt.compression.empty()) config.set_compression(opt.compression);
    config.set_default("message.timeout.ms", std::to_string(opt.timeout_ns / 1'000'000));
    rivulet::Producer producer(config, opt.topic, opt.partition);

    std::vector<std::string> sources;
    producer.on_delivery_failure(
        [&](uint64_t origin, std::string_view payload, const std::string& reason) {
          size_t index = origin >> kOriginLineBits;
          uint64_t line = origin & ((uint64_t{1} << kOriginLineBits) - 1);
          diagnostics.bad_line(index < sources.size() ? sources[index] : "-", line,
                               "not delivered: " + reason, payload);
        });
    producer.on_client_error(
        [&](const std::string& message) { diagnostics.error("kafka: " + message); });

    // A wrong address or a broker that is not running fails in seconds, not after every
    // message has waited out --timeout.
    int64_t connect_ns = std::min(opt.connect_timeout_ns, opt.timeout_ns);
    if (connect_ns > 0 && !producer.wait_for_broker(static_cast<int>(connect_ns / 1'000'000))) {
      diagnostics.error("no broker answered at " + config.get("bootstrap.servers") + " within " +
                        rivulet::format_duration(connect_ns) + "; nothing was published");
      return static_cast<int>(rivulet::kExitDataError);
    }
    rivulet::LinePublisher publisher(publish, &producer);
    rivulet::InputChain input(opt.inputs);
    input.set_before_wait([&] {
      producer.flush();
      producer.poll();
    });
    input.set_idle_timeout(100);
    long long start_ns = rivulet::monotonic_now_ns();
    long long next_stats_ns = start_ns + 1'000'000'000;
    auto stats = [&](bool force) {
      long long now = rivulet::monotonic_now_ns();
      if (!force && (!opt.stats || now < next_stats_ns)) return;
      next_stats_ns = now + 1'000'000'000;
      diagnostics.info(rivulet::format_producer_stats(producer.counts(), (now - start_ns) / 1e9));
    };

    rivulet::Line line;
    std::string err;
    uint64_t lines = 0;
    for (;;) {
      rivulet::ReadStatus status = input.next(&line);
      if (status == rivulet::ReadStatus::kTimeout) {
        producer.flush();
        producer.poll();
        stats(false);
        continue;
      }
      if (status != rivulet::ReadStatus::kLine) break;
      if (sources.empty() || sources.back() != input.source()) sources.push_back(input.source());
      uint64_t origin = (uint64_t{sources.size() - 1} << kOriginLineBits) | line.number;
      if (!publisher.publish(line.text, origin, &err)) {
        diagnostics.bad_line(input.source(), line.number, err, line.text);
        if (diagnostics.should_stop()) break;
      }
      if ((++lines & 1023) == 0) {
        producer.poll();
        stats(false);
      }
    }

    uint64_t undelivered = producer.drain(opt.timeout_ns / 1'000'000);
    if (opt.stats || isatty(2)) stats(true);
    diagnostics.finish();
    if (undelivered > 0) {
      std::string why = producer.first_failure();
      if (!producer.last_client_error().empty()) {
        why += " (last broker error: " + producer.last_client_error() + ")";
      }
      diagnostics.error(std::to_string(undelivered) + " of " +
                        std::to_string(producer.counts().produced) +
                        " messages not delivered to topic \"" + opt.topic + "\": " + why);
      return static_cast<int>(rivulet::kExitDataError);
    }
    return diagnostics.bad_lines() > 0 ? static_cast<int>(rivulet::kExitDataError)
                                       : static_cast<int>(rivulet::kExitOk);
  });
}
