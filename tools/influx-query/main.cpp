// influx-query: runs InfluxQL and prints one JSON object per result row, streaming the
// chunked response. The request and the response parsing live in lib/influx.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "cli/influx_endpoint_options.hpp"
#include "cli/tool_cli.hpp"
#include "influx/query_tool.hpp"

using namespace rivulet;

namespace {

const char* kExamples =
    "  influx-query --db video 'SELECT mean(bitrate_kbps_avg) FROM bitrate\n"
    "      WHERE time > now() - 1h GROUP BY time(1m), stream'\n"
    "  influx-query --db video -e 'SELECT * FROM frames WHERE time > now() - 1h' | jq .fps\n"
    "  influx-query --db video --time-unit s 'SELECT last(*) FROM bitrate GROUP BY stream'";

}  // namespace

int main(int argc, char** argv) {
  InfluxQueryOptions o;
  std::string query_option, query_argument;
  ToolCli cli("influx-query", "Run an InfluxQL query and print each result row as JSON", kExamples);
  CLI::App& app = cli.app();
  app.add_option("QUERY", query_argument, "The InfluxQL query")->type_name("");
  app.add_option("-e,--execute", query_option, "The InfluxQL query (instead of QUERY)")
      ->type_name("QUERY");
  add_endpoint_options(&cli, &o.endpoint,
                       "Give up when the server has not answered in full after this (default 30s)");
  app.add_option_function<std::string>(
         "--time-unit",
         [&o](const std::string& text) {
           if (!parse_time_unit(text, &o.unit)) {
             throw CLI::ValidationError("--time-unit",
                                        "\"" + text + "\" is not one of s, ms, us, ns");
           }
         },
         "Unit of the ts field: s, ms, us, ns (default ms)")
      ->type_name("UNIT");
  cli.add_line_buffered(&o.line_buffered);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  if (query_option.empty() == query_argument.empty()) {
    return cli.usage_error("give the query as an argument or with -e (one of them)");
  }
  o.query = query_option.empty() ? query_argument : query_option;
  return run_tool("influx-query", [&] {
    std::vector<std::string> messages;
    int status = run_influx_query(o, &messages);
    for (const auto& m : messages) fmt::print(stderr, "influx-query: {}\n", m);
    return status;
  });
}
