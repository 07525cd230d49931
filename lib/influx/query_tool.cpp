#include "influx/query_tool.hpp"

#include <cstdlib>

#include "error.hpp"
#include "http/curl_transport.hpp"
#include "influx/endpoint.hpp"
#include "influx/query_statements.hpp"
#include "influx/query_stream.hpp"
#include "io/exit_status.hpp"
#include "io/output_writer.hpp"

namespace rivulet {

namespace {

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

}  // namespace

int run_influx_query(const InfluxQueryOptions& o, std::vector<std::string>* messages) {
  Endpoint endpoint(o.endpoint, [](const char* name) { return std::getenv(name); });
  CurlOptions curl = curl_options(o.endpoint);
  curl.abort_on_stop = true;
  // --timeout bounds the server's whole answer, however it trickles in; time the output
  // spends blocked (a pager, a slow consumer) is not the server's and does not count.
  curl.wait_timeout_ms = curl.timeout_ms;
  curl.timeout_ms = 0;
  CurlTransport transport(curl);

  OutputWriter out;
  out.set_line_buffered(o.line_buffered);
  OutputSink sink(&out);
  QueryStreamer streamer(&sink, o.max_line);
  std::vector<std::string> statements = split_statements(o.query);
  streamer.set_statement_ids(statements.size() > 1);
  HttpRequest request;
  request.url = endpoint.query_url(o.query, v1_unit_name(o.unit), true);
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
  if (!err.empty()) {
    out.flush();  // the rows before the bad line are good
    throw Error(err);
  }
  if (response.status == 0) {
    if (response.transport_error == "interrupted") return kExitDataError;
    throw Error(endpoint.explain_no_response(response));
  }
  if (response.status < 200 || response.status >= 300) {
    throw Error(endpoint.explain_failure(response.status,
                                         server_error_message(response.status, response.body)));
  }
  if (!streamer.finish(&err)) throw Error(err);
  out.flush();
  *messages = streamer.errors();
  std::vector<std::string> missing =
      missing_measurements(&transport, endpoint, statements, streamer);
  messages->insert(messages->end(), missing.begin(), missing.end());
  return messages->empty() ? kExitOk : kExitDataError;
}

}  // namespace rivulet
