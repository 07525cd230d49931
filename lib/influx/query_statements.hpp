#pragma once
// What influx-query needs to know about the statements of a query: how many there are, and
// which measurement a SELECT reads (InfluxDB answers a SELECT from a measurement that does
// not exist with no rows and no error).

#include <string>
#include <string_view>
#include <vector>

#include "http/http_transport.hpp"
#include "influx/endpoint.hpp"

namespace rivulet {

// The statements of `query`, split at semicolons outside quotes, trimmed, empty ones dropped.
std::vector<std::string> split_statements(std::string_view query);

// The measurement a SELECT statement reads from ("bitrate" for SELECT x FROM "bitrate" or
// FROM video.autogen.bitrate), or empty: not a SELECT, several measurements, a regex.
std::string selected_measurement(std::string_view statement);

class QueryStreamer;

// For each SELECT of `statements` that got no rows: its measurement, if the database does
// not have it, as a message ("statement 2: measurement \"x\" not found in database \"d\"";
// without "statement N: " for a single statement). Asks the server once per such statement.
std::vector<std::string> missing_measurements(HttpTransport* transport, const Endpoint& endpoint,
                                              const std::vector<std::string>& statements,
                                              const QueryStreamer& streamer);

// Whether the endpoint's database has `measurement`. False with *err when it cannot be asked.
bool measurement_exists(HttpTransport* transport, const Endpoint& endpoint,
                        const std::string& measurement, bool* exists, std::string* err);

}  // namespace rivulet
