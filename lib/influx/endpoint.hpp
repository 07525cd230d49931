#pragma once
// Where and as whom to talk to InfluxDB: URL, database or bucket, credentials, TLS.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/curl_transport.hpp"
#include "http/http_transport.hpp"
#include "influx/line_protocol.hpp"

namespace rivulet {

struct EndpointOptions {
  std::string url;         // empty: $INFLUX_URL, else http://127.0.0.1:8086
  std::string db;          // InfluxDB 1.x database
  std::string rp;          // 1.x retention policy (optional)
  std::string org;         // 2.x/3.x organisation
  std::string bucket;      // 2.x/3.x bucket
  std::string token_file;  // file whose first line is the token
  std::string ca_cert;
  bool insecure = false;
  int64_t timeout_ns = 30'000'000'000;
};

// Secrets, read from the environment or a file only (argv is visible in ps).
struct Credentials {
  std::string token;     // INFLUX_TOKEN or --token-file: "Authorization: Token ..."
  std::string username;  // INFLUX_USERNAME / INFLUX_PASSWORD: HTTP basic auth (1.x)
  std::string password;
};

// Rows a line of a chunked query response holds at most (chunk_size): small enough that a
// line stays small, large enough that the per-line overhead does not matter.
constexpr int kQueryChunkRows = 1000;

// InfluxDB 1.x's spelling of a unit in precision= and epoch=: "s", "ms", "u", "ns".
const char* v1_unit_name(TimeUnit unit);

using GetEnv = std::function<const char*(const char*)>;

class Endpoint {
 public:
  // Resolves defaults from the environment. Throws UsageError for contradictory options
  // (--db with --bucket) and rivulet::Error for an unreadable token file.
  Endpoint(EndpointOptions options, const GetEnv& getenv);

  // The URL requests go to, with any password in it: never show it (see shown_url()).
  const std::string& base_url() const { return base_url_; }
  // The URL as messages show it: a password in it is replaced by "***".
  const std::string& shown_url() const { return shown_url_; }
  bool v2() const { return !options_.bucket.empty(); }
  const EndpointOptions& options() const { return options_; }
  const Credentials& credentials() const { return credentials_; }

  // /write?db=..&rp=..&precision=.. (1.x) or /api/v2/write?org=..&bucket=..&precision=..
  std::string write_url(TimeUnit precision) const;
  // /query with the statement and parameters, for GET; `chunked` asks for kQueryChunkRows
  // rows a response line.
  std::string query_url(const std::string& query, const std::string& epoch, bool chunked) const;
  // Authorization header lines (empty when no credentials).
  std::vector<std::string> auth_headers() const;

  // What to tell the user about a response that will not get better by retrying
  // (401/403/404 and other 4xx). `server_message` is the server's error text.
  std::string explain_failure(int status, const std::string& server_message) const;
  // The same for a connection that cannot succeed (TLS verification, bad URL).
  std::string explain_transport_failure(const std::string& error) const;
  // For a request that got no response (status 0): explain_transport_failure when retrying
  // cannot help, else "cannot reach URL: why".
  std::string explain_no_response(const HttpResponse& response) const;

 private:
  EndpointOptions options_;
  Credentials credentials_;
  std::string base_url_;
  std::string shown_url_;
};

// CREATE DATABASE for --create-db (1.x; a no-op when it exists). Throws rivulet::Error
// with the server's message on failure.
void create_database(HttpTransport* transport, const Endpoint& endpoint);

// The "error" or "message" member of an InfluxDB JSON error body, else the body itself
// (trimmed, capped), else "HTTP STATUS"; control characters made visible (terminal_safe).
std::string server_error_message(int status, const std::string& body);

// An InfluxQL identifier in double quotes, with quotes and backslashes escaped.
std::string quote_identifier(const std::string& name);

// The transport settings the endpoint options imply (TLS, request timeout).
CurlOptions curl_options(const EndpointOptions& options);

}  // namespace rivulet
