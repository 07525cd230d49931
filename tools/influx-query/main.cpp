// influx-query: runs InfluxQL and prints one JSON object per result row, streaming the
// chunked response. The response parsing lives in lib/influx/query_stream.

#include <cstdlib>
#include <string>

#include "cli/tool_cli.hpp"
#include "error.hpp"
#include "http/curl_transport.hpp"
#include "influx/endpoint_cli.hpp"
#include "influx/query_statements.hpp"
#include "influx/query_stream.hpp"
#include "io/exit_status.hpp"
#include "io/output_writer.hpp"

using namespace rivulet;

namespace {

struct Options {
  std::string query_option, query_argument;
  EndpointOptions endpoint;
  TimeUnit unit = TimeUnit::kMillis;
  bool line_buffered = false;
};

const char* kExamples =
    "  influx-query --db video 'SELECT mean(bitrate_kbps_avg) FROM bitrate\n"
    "      WHERE time > now() - 1h GROUP BY time(1m), stream'\n"
    "  influx-query --db video -e 'SELECT * FROM frames WHERE time > now() - 1h' | jq .fps\n"
    "  influx-query --db video --time-unit s 'SELECT last(*) FROM bitrate GROUP BY stream'";

class OutputSink : public RowSink {
 public:
  explicit OutputSink(OutputWriter* out) : out_(out) {}
  std::string& buffer() override { return out_->buffer(); }
  void end_row() override {
    out_->buffer() += '\n';
    out_->end_record();
  }

 private:
  OutputWriter* out_;
};

int run(const Options& o) {
  const std::string& query = o.query_option.empty() ? o.query_argument : o.query_option;
  Endpoint endpoint(o.endpoint, [](const char* name) { return std::getenv(name); });
  CurlOptions curl = curl_options(o.endpoint);
  curl.abort_on_stop = true;
  // A streamed query may run for long; what must not happen is a silent server.
  curl.stall_timeout_ms = curl.timeout_ms;
  curl.timeout_ms = 0;
  CurlTransport transport(curl);

  OutputWriter out;
  out.set_line_buffered(o.line_buffered);
  OutputSink sink(&out);
  QueryStreamer streamer(&sink);
  std::vector<std::string> statements = split_statements(query);
  streamer.set_statement_ids(statements.size() > 1);
  static const char* kEpoch[] = {"ms", "s", "ms", "u", "ns"};  // by TimeUnit
  HttpRequest request;
  request.url = endpoint.query_url(query, kEpoch[static_cast<int>(o.unit)], true);
  request.headers = endpoint.auth_headers();
  std::string err;
  bool closed = false;
  // Exceptions must not unwind through libcurl: the sink reports and stops instead.
  HttpResponse response = transport.perform(request, [&](std::string_view data) {
    try {
      if (!streamer.feed(data, &err)) return false;
      // Data ending a chunk means the server sent what it had: show it while it computes
      // the next one (a live query is seen at once; bulk output still goes in large writes).
      if (!data.empty() && data.back() == '\n') out.flush();
      return true;
    } catch (const OutputClosed&) {
      closed = true;
      return false;
    }
  });
  if (closed) return kExitOk;
  if (response.status == 0) {
    if (response.transport_error == "interrupted") return kExitDataError;
    throw Error(endpoint.explain_no_response(response));
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error(endpoint.explain_failure(response.status,
                                         server_error_message(response.status, response.body)));
  }
  if (!err.empty() || !streamer.finish(&err)) throw Error(err);
  out.flush();
  for (const auto& e : streamer.errors()) std::fprintf(stderr, "influx-query: %s\n", e.c_str());
  std::vector<std::string> missing = missing_measurements(&transport, endpoint, statements,
                                                          streamer);
  for (const auto& e : missing) std::fprintf(stderr, "influx-query: %s\n", e.c_str());
  return streamer.errors().empty() && missing.empty() ? kExitOk : kExitDataError;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  ToolCli cli("influx-query", "Run an InfluxQL query and print each result row as JSON", kExamples);
  CLI::App& app = cli.app();
  app.add_option("QUERY", o.query_argument, "The InfluxQL query")->type_name("");
  app.add_option("-e,--execute", o.query_option, "The InfluxQL query (instead of QUERY)")
      ->type_name("QUERY");
  add_endpoint_options(&cli, &o.endpoint, "Give up when the server sends nothing for this long");
  app.add_option_function<std::string>(
         "--time-unit",
         [&o](const std::string& text) {
           if (!parse_time_unit(text, &o.unit) || o.unit == TimeUnit::kAuto) {
             throw CLI::ValidationError("--time-unit",
                                        "\"" + text + "\" is not one of s, ms, us, ns");
           }
         },
         "Unit of the ts field: s, ms, us, ns (default ms)")
      ->type_name("UNIT");
  cli.add_line_buffered(&o.line_buffered);
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;
  if (o.query_option.empty() == o.query_argument.empty()) {
    return cli.usage_error("give the query as an argument or with -e (one of them)");
  }
  return run_tool("influx-query", [&] { return run(o); });
}
