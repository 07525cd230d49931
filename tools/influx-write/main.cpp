// influx-write: NDJSON (or line protocol) from stdin/files into InfluxDB, or to stdout as
// line protocol with --print. The mapping, batching and failure policy live in lib/influx.

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "error.hpp"
#include "http/curl_transport.hpp"
#include "http/loopback.hpp"
#include "influx/batch_sender.hpp"
#include "influx/checkpoint_acks.hpp"
#include "influx/diagnostics_reporter.hpp"
#include "influx/endpoint_cli.hpp"
#include "influx/loss_warnings.hpp"
#include "influx/write_target.hpp"
#include "influx/point_encoder.hpp"
#include "influx/write_session.hpp"
#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "io/signals.hpp"

using namespace rivulet;

namespace {

struct Options {
  std::vector<std::string> inputs;
  EndpointOptions endpoint;
  std::string measurement, measurement_field, input = "json", precision = "auto", spill;
  std::string checkpoint;
  std::vector<std::string> tags, fields, integers;
  TimeOptions time;
  BadInputOptions bad_input;
  bool print = false, line_buffered = false, stats = false, gzip = false, no_gzip = false,
       create_db = false, no_create_db = false;
  size_t batch_size = 5000;
  int64_t flush_interval_ns = 1'000'000'000;
  int64_t max_retry_time_ns = 60'000'000'000;
};

// Without --measurement, points go to this measurement (as Telegraf names its own).
const char* kDefaultMeasurement = "rivulet";

const char* kExamples =
    "  win-avg --by stream frames.ndjson | influx-write --db video\n"
    "  win-avg ... | influx-write --db video --measurement bitrate --tag stream\n"
    "  influx-write --print --measurement frames --tag stream frames.ndjson | head\n"
    "  influx-write --db video --measurement frames --tag stream --field fps,keyframe \\\n"
    "      --spill unsent.lp --reject bad.ndjson frames.ndjson\n"
    "  influx-write --db video --input lp unsent.lp\n"
    "  INFLUX_TOKEN=... influx-write --org acme --bucket video --measurement m --tag stream";

std::vector<FieldPath> field_paths(const std::vector<std::string>& lists) {
  std::vector<FieldPath> out;
  for (const auto& l : lists) {
    for (auto& p : parse_field_list(l)) out.push_back(std::move(p));
  }
  return out;
}

// The line-protocol keys of --integer fields: a.b is written as a_b.
std::vector<std::string> integer_keys(const std::vector<std::string>& lists) {
  std::vector<std::string> keys;
  for (const FieldPath& path : field_paths(lists)) {
    std::string key;
    for (const std::string& part : path.parts()) key += (key.empty() ? "" : "_") + part;
    keys.push_back(key);
  }
  return keys;
}

int run(Options& o) {
  Diagnostics diagnostics("influx-write");
  apply_bad_input_options(o.bad_input, &diagnostics);
  bool lp_input = o.input == "lp";
  std::vector<std::string> integer_fields = integer_keys(o.integers);
  if (!o.print) {
    Endpoint endpoint(o.endpoint, [](const char* name) { return std::getenv(name); });
    // A server that does not answer must not hold up reading, nor a stop request: these
    // two questions wait 5 s at most and give way to SIGINT/SIGTERM.
    CurlOptions startup = curl_options(o.endpoint);
    startup.abort_on_stop = true;
    if (startup.timeout_ms == 0 || startup.timeout_ms > 5000) startup.timeout_ms = 5000;
    CurlTransport transport(startup);
    prepare_write_target(&transport, endpoint,
                         o.create_db      ? CreateDatabase::kRequired
                         : o.no_create_db ? CreateDatabase::kNo
                                          : CreateDatabase::kIfAllowed,
                         o.measurement, lp_input ? nullptr : &integer_fields);
  }
  std::unique_ptr<PointEncoder> encoder;
  if (!lp_input) {
    PointMapping mapping;
    mapping.measurement = o.measurement.empty() && o.measurement_field.empty()
                              ? kDefaultMeasurement
                              : o.measurement;
    if (!o.measurement_field.empty()) mapping.measurement_field = FieldPath(o.measurement_field);
    mapping.tags = field_paths(o.tags);
    mapping.fields = field_paths(o.fields);
    mapping.time_field = FieldPath(o.time.field);
    mapping.time_unit = o.time.unit;
    mapping.integer_keys = std::move(integer_fields);
    mapping.strings_as_tags = o.tags.empty();
    encoder = std::make_unique<PointEncoder>(std::move(mapping));
  }
  LossWarnings loss_warnings(&diagnostics);
  BatchingOptions batching;
  batching.batch_size = o.batch_size;
  batching.flush_interval_ns = o.flush_interval_ns;
  batching.lines_are_line_protocol = lp_input;
  batching.fixed_precision = o.precision != "auto";
  if (batching.fixed_precision) {
    parse_precision(o.precision, &batching.precision);
  } else if (lp_input || o.print) {
    batching.precision = Precision::kNanos;  // line protocol's own default: self-describing
  } else {
    const char* start[] = {"ms", "s", "ms", "us", "ns"};  // by TimeUnit
    parse_precision(start[static_cast<int>(o.time.unit)], &batching.precision);
  }

  InputChain inputs(o.inputs);
  JsonLineParser parser;
  JsonDocument doc;
  Line line;
  std::string point, err;
  int64_t ts_ns = 0;
  // Appends the point (without its time) to *out.
  auto encode = [&](std::string* out) {
    return parser.parse(line.text, &doc, &err) && encoder->encode(doc, out, &ts_ns, &err);
  };

  if (o.print) {
    OutputWriter out;
    out.set_line_buffered(o.line_buffered);
    inputs.set_before_wait([&] { out.flush(); });
    for (ReadStatus s;
         (s = inputs.next(&line)) == ReadStatus::kLine && !diagnostics.should_stop();) {
      if (lp_input) {
        if (line.text[0] == '#') continue;
        out.write(line.text);
      } else {
        size_t mark = out.buffer().size();
        bool ok = encode(&out.buffer());
        if (ok) {
          point.assign(out.buffer(), mark, std::string::npos);
          loss_warnings.check(*encoder, point, ts_ns, inputs.source(), line.number);
          ok = append_timestamp(out.buffer(), ts_ns, batching.precision, &err);
        }
        if (!ok) {
          out.buffer().resize(mark);
          diagnostics.bad_line(inputs.source(), line.number, err, line.text);
          continue;
        }
      }
      out.buffer() += '\n';
      out.end_record();
    }
    out.flush();
    loss_warnings.finish();
    diagnostics.finish();
    return diagnostics.bad_lines() > 0 ? kExitDataError : kExitOk;
  }

  Endpoint endpoint(o.endpoint, [](const char* name) { return std::getenv(name); });
  if (!endpoint.v2() && o.endpoint.db.empty())
    throw UsageError("give --db or --bucket (or --print)");
  SystemRetryClock clock;
  RetryOptions retry;
  retry.max_retry_time_ns = o.max_retry_time_ns;
  CurlOptions curl = curl_options(o.endpoint);
  // The stop promise (at most the grace more after SIGINT/SIGTERM) holds against a server
  // that hangs mid-request too.
  curl.stop_grace_ms = static_cast<long>(retry.stop_grace_ns / 1'000'000);
  CurlTransport transport(curl);
  std::unique_ptr<SpillFile> spill;
  if (!o.spill.empty()) spill = std::make_unique<SpillFile>(o.spill);
  // Compression saves network bytes; to a server on this machine there are none to save,
  // and the server's gunzip competes with it for the same cores (~10% fewer points/s).
  bool gzip = o.gzip || (!o.no_gzip && !is_loopback_url(endpoint.base_url()));
  BatchSender sender(&transport, &clock, &endpoint, retry, gzip, spill.get());
  AsyncBatchWriter writer(&sender);
  DiagnosticsReporter reporter(&diagnostics, o.spill);
  WriteSession session(batching, &writer, &reporter, monotonic_now_ns);

  long long started = monotonic_now_ns();
  long long next_stats = started + 1'000'000'000;
  auto maybe_stats = [&] {
    if (!o.stats) return;
    long long now = monotonic_now_ns();
    if (now < next_stats) return;
    next_stats = now + 1'000'000'000;
    diagnostics.info(session.stats_line(started));
  };
  session.set_wait_hook(maybe_stats);
  CheckpointAcks checkpoint(o.checkpoint, &diagnostics);
  // Wake up when input has been quiet for BatchingOptions::quiet_ns (or four times per flush
  // interval, if shorter) to send the partial batch: a live pipeline's points go out right
  // after each burst of window results.
  int64_t wake_ns = std::min<int64_t>(batching.quiet_ns, o.flush_interval_ns / 4);
  inputs.set_idle_timeout(static_cast<int>(std::max<int64_t>(10, wake_ns / 1'000'000)));
  for (;;) {
    ReadStatus s = inputs.next(&line);
    if (s == ReadStatus::kTimeout) {
      session.tick();
      maybe_stats();
    } else if (s != ReadStatus::kLine) {
      break;
    } else if (lp_input) {
      if (line.text[0] != '#') session.add_line(line.text, inputs.source(), line.number);
    } else if (checkpoint.handle(line.text, &session)) {
    } else {
      point.clear();
      bool encoded = encode(&point);
      if (encoded) loss_warnings.check(*encoder, point, ts_ns, inputs.source(), line.number);
      if (!encoded ||
          !session.add_point(point, ts_ns, inputs.source(), line.number, line.text, &err)) {
        diagnostics.bad_line(inputs.source(), line.number, err, line.text);
      }
    }
    if (diagnostics.should_stop() || !session.fatal().empty() || checkpoint.finished()) break;
    if ((line.number & 4095) == 0) maybe_stats();
  }
  session.finish();
  // A summary at exit with --stats, and always for a person watching the terminal.
  if (o.stats || isatty(STDERR_FILENO)) {
    diagnostics.info(session.stats_line(started));
  }
  const WriteStats& st = session.stats();
  if (!session.fatal().empty()) diagnostics.error(session.fatal());
  loss_warnings.finish();
  diagnostics.finish();
  bool failed = diagnostics.bad_lines() > 0 || st.unsent > 0 || !session.fatal().empty() ||
                checkpoint.broken();
  return failed ? kExitDataError : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  ToolCli cli("influx-write", "Write NDJSON events or window results to InfluxDB as line protocol",
              kExamples);
  CLI::App& app = cli.app();
  cli.add_inputs(&o.inputs);
  add_endpoint_options(&cli, &o.endpoint, "Give up on one write request after this (then retry)");
  app.add_option("--measurement", o.measurement,
                 std::string("Measurement name for every point (default ") +
                     kDefaultMeasurement + ")")
      ->type_name("NAME");
  app.add_option("--measurement-field", o.measurement_field,
                 "Take each point's measurement from field F")
      ->type_name("F");
  app.add_option("--tag", o.tags,
                 "Write field F as a tag (repeatable, or a comma list; default: every "
                 "top-level string)")
      ->type_name("F")
      ->allow_extra_args(false);
  app.add_option(
         "--field", o.fields,
         "Write field F (repeatable, or a comma list; default: every other number and bool)")
      ->type_name("F")
      ->allow_extra_args(false);
  app.add_option("--integer", o.integers,
                 "Write new numeric field F as an integer, not a float (repeatable, or a "
                 "comma list; fields the database has keep their type)")
      ->type_name("F");
  cli.add_time_options(&o.time);
  app.add_option("--precision", o.precision,
                 "Timestamp precision: auto (finest needed, nothing rounded), s, ms, us, ns")
      ->type_name("P")
      ->check(CLI::IsMember({"auto", "s", "ms", "us", "ns"}));
  app.add_option("--input", o.input, "Input format: json (NDJSON objects) or lp (line protocol)")
      ->type_name("FORMAT")
      ->check(CLI::IsMember({"json", "lp"}));
  app.add_flag("--print", o.print, "Print line protocol to stdout instead of writing to a server");
  app.add_option("--batch-size", o.batch_size, "Points per write request (default 5000)")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000));
  cli.add_duration("--flush-interval", &o.flush_interval_ns, "Send a partial batch after this");
  auto* gzip_flag = app.add_flag(
      "--gzip", o.gzip, "Compress request bodies (the default unless the server is on loopback)");
  app.add_flag("--no-gzip", o.no_gzip, "Send request bodies uncompressed")->excludes(gzip_flag);
  cli.add_duration("--max-retry-time", &o.max_retry_time_ns,
                   "Retry a failing batch this long, then spill it");
  app.add_option("--spill", o.spill,
                 "Append points that could not be written to FILE (line protocol)")
      ->type_name("FILE");
  app.add_option("--checkpoint", o.checkpoint,
                 "Acknowledge each checkpoint marker in DIR/ack once everything before it is "
                 "stored, for ksub --checkpoint to commit (see DELIVERY)")
      ->type_name("DIR")
      ->check(rivulet::directory_created());
  auto* create_flag = app.add_flag(
      "--create-db", o.create_db,
      "Create the --db database first and stop if that fails (default: create it if allowed)");
  app.add_flag("--no-create-db", o.no_create_db, "Do not try to create the --db database")
      ->excludes(create_flag);
  cli.add_bad_input_options(&o.bad_input);
  cli.add_line_buffered(&o.line_buffered);
  cli.add_stats(&o.stats);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  if (!o.measurement.empty() && !o.measurement_field.empty()) {
    return cli.usage_error("give --measurement NAME or --measurement-field F, not both");
  }
  if (o.flush_interval_ns <= 0) return cli.usage_error("--flush-interval must be positive");
  return run_tool("influx-write", [&] { return run(o); });
}
