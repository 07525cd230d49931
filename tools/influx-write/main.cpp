// influx-write: NDJSON (or line protocol) from stdin/files into InfluxDB, or to stdout as
// line protocol with --print. The mapping, batching and failure policy live in lib/influx.

#include <string>

#include "cli/influx_endpoint_options.hpp"
#include "cli/tool_cli.hpp"
#include "influx/write_tool.hpp"

using namespace rivulet;

namespace {

const char* kExamples =
    "  win-avg --by stream frames.ndjson | influx-write --db video\n"
    "  win-avg ... | influx-write --db video --measurement bitrate --tag stream\n"
    "  influx-write --print --measurement frames --tag stream frames.ndjson | head\n"
    "  influx-write --db video --measurement frames --tag stream --field fps,keyframe \\\n"
    "      --spill unsent.lp --reject bad.ndjson frames.ndjson\n"
    "  influx-write --db video --input lp unsent.lp\n"
    "  INFLUX_TOKEN=... influx-write --org acme --bucket video --measurement m --tag stream";

}  // namespace

int main(int argc, char** argv) {
  InfluxWriteOptions o;
  ToolCli cli("influx-write", "Write NDJSON events or window results to InfluxDB as line protocol",
              kExamples);
  CLI::App& app = cli.app();
  cli.add_inputs(&o.inputs);
  add_endpoint_options(&cli, &o.endpoint, "Give up on one write request after this (then retry)");
  app.add_option(
         "--measurement", o.measurement,
         std::string("Measurement name for every point (default ") + kDefaultMeasurement + ")")
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
  return run_tool("influx-write", [&] { return run_influx_write(o); });
}
