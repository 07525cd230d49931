#pragma once
// influx-query as a whole, behind its option wiring: one InfluxQL request, its chunked
// response streamed to stdout as NDJSON rows.

#include <string>
#include <vector>

#include "influx/endpoint.hpp"
#include "influx/query_stream.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

struct InfluxQueryOptions {
  std::string query;
  EndpointOptions endpoint;
  TimeUnit unit = TimeUnit::kMillis;
  bool line_buffered = false;
  // The longest response line held (see QueryStreamer); tests make it small.
  size_t max_line = kMaxResponseLine;
};

// Runs the query, writing a JSON object a row to stdout. The errors the server reported
// for statements, and statements naming a measurement that does not exist, are appended
// to *messages (for main to print); the exit status is then 1. Throws rivulet::Error when
// there is no usable answer (unreachable server, HTTP error, a response that is not
// InfluxDB's, --timeout passed).
int run_influx_query(const InfluxQueryOptions& options, std::vector<std::string>* messages);

}  // namespace rivulet
