#include "influx/endpoint.hpp"

#include <simdjson.h>

#include <fstream>

#include "error.hpp"
#include "http/server_text.hpp"
#include "http/text_encoding.hpp"
#include "http/url_redaction.hpp"

namespace rivulet {

namespace {

std::string read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("--token-file " + path + ": cannot read it");
  std::string token;
  std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) throw Error("--token-file " + path + ": the first line is empty");
  return token;
}

}  // namespace

const char* v1_unit_name(TimeUnit unit) {
  return unit == TimeUnit::kMicros ? "u" : time_unit_name(unit);
}

Endpoint::Endpoint(EndpointOptions options, const GetEnv& getenv) : options_(std::move(options)) {
  if (!options_.bucket.empty() && !options_.db.empty()) {
    throw UsageError("give --db (InfluxDB 1.x) or --bucket (2.x/3.x), not both");
  }
  if (!options_.bucket.empty() && !options_.rp.empty()) {
    throw UsageError("--rp is for InfluxDB 1.x databases; a bucket has its own retention");
  }
  base_url_ = options_.url;
  if (base_url_.empty()) {
    const char* env = getenv("INFLUX_URL");
    base_url_ = env != nullptr && *env != '\0' ? env : "http://127.0.0.1:8086";
  }
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  if (base_url_.rfind("http://", 0) != 0 && base_url_.rfind("https://", 0) != 0) {
    throw UsageError("URL \"" + redact_url(base_url_) + "\" must start with http:// or https://");
  }
  shown_url_ = redact_url(base_url_);
  if (!options_.token_file.empty()) {
    credentials_.token = read_token_file(options_.token_file);
  } else if (const char* t = getenv("INFLUX_TOKEN"); t != nullptr && *t != '\0') {
    credentials_.token = t;
  }
  if (const char* u = getenv("INFLUX_USERNAME"); u != nullptr && *u != '\0') {
    credentials_.username = u;
    const char* p = getenv("INFLUX_PASSWORD");
    credentials_.password = p != nullptr ? p : "";
  }
}

std::string Endpoint::write_url(TimeUnit precision) const {
  if (v2()) {
    std::string url = base_url_ + "/api/v2/write?bucket=" + url_encode(options_.bucket);
    if (!options_.org.empty()) url += "&org=" + url_encode(options_.org);
    return url + "&precision=" + time_unit_name(precision);
  }
  std::string url = base_url_ + "/write?db=" + url_encode(options_.db);
  if (!options_.rp.empty()) url += "&rp=" + url_encode(options_.rp);
  return url + "&precision=" + v1_unit_name(precision);
}

std::string Endpoint::query_url(const std::string& query, const std::string& epoch,
                                bool chunked) const {
  std::string url = base_url_ + "/query?q=" + url_encode(query);
  const std::string& db = v2() ? options_.bucket : options_.db;
  if (!db.empty()) url += "&db=" + url_encode(db);
  if (!options_.rp.empty()) url += "&rp=" + url_encode(options_.rp);
  if (!epoch.empty()) url += "&epoch=" + epoch;
  if (chunked) url += "&chunked=true&chunk_size=" + std::to_string(kQueryChunkRows);
  return url;
}

std::vector<std::string> Endpoint::auth_headers() const {
  if (!credentials_.token.empty()) return {"Authorization: Token " + credentials_.token};
  if (!credentials_.username.empty()) {
    return {"Authorization: Basic " + base64(credentials_.username + ":" + credentials_.password)};
  }
  return {};
}

std::string Endpoint::explain_failure(int status, const std::string& server_message) const {
  std::string what =
      "HTTP " + std::to_string(status) + " from " + shown_url_ + ": " + server_message;
  switch (status) {
    case 401:
      return what +
             " (check INFLUX_TOKEN or --token-file, or INFLUX_USERNAME and "
             "INFLUX_PASSWORD)";
    case 403:
      return what +
             " (the credentials are valid but may not write here: check the token's "
             "or user's permissions)";
    case 404:
      return v2() ? what + " (check --org and --bucket; create the bucket first)"
                  : what + " (check --db; create the database first, or pass --create-db)";
    default:
      return what;
  }
}

std::string Endpoint::explain_transport_failure(const std::string& error) const {
  std::string what = shown_url_ + ": " + error;
  if (base_url_.rfind("https://", 0) == 0) {
    what += " (check --ca-cert, or use --insecure for a test server)";
  }
  return what;
}

std::string Endpoint::explain_no_response(const HttpResponse& response) const {
  if (response.permanent_error) return explain_transport_failure(response.transport_error);
  return "cannot reach " + shown_url_ + ": " + response.transport_error;
}

std::string server_error_message(int status, const std::string& body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (!body.empty() && parser.parse(body).get(doc) == simdjson::SUCCESS) {
    std::string_view msg;
    if (doc["error"].get_string().get(msg) == simdjson::SUCCESS ||
        doc["message"].get_string().get(msg) == simdjson::SUCCESS) {
      return terminal_safe(msg);
    }
  }
  std::string text = body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.empty()) return "HTTP " + std::to_string(status);
  if (text.size() > 500) text = text.substr(0, 500) + "...";
  return terminal_safe(text);
}

std::string quote_identifier(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + '"';
}

void create_database(HttpTransport* transport, const Endpoint& endpoint) {
  if (endpoint.v2()) throw UsageError("--create-db is for InfluxDB 1.x databases (--db)");
  std::string quoted = quote_identifier(endpoint.options().db);
  HttpRequest request;
  request.url = endpoint.query_url("CREATE DATABASE " + quoted, "", false);
  request.headers = endpoint.auth_headers();
  HttpResponse response = transport->perform(request);
  if (response.status == 0) throw Error(endpoint.explain_no_response(response));
  std::string message = server_error_message(response.status, response.body);
  if (response.status != 200) throw Error(endpoint.explain_failure(response.status, message));
  // 1.x answers 200 with {"results":[{"error":...}]} for a refused statement.
  if (response.body.find("\"error\"") != std::string::npos) {
    throw Error("CREATE DATABASE " + quoted + ": " + terminal_safe(response.body));
  }
}

CurlOptions curl_options(const EndpointOptions& options) {
  CurlOptions curl;
  curl.ca_cert = options.ca_cert;
  curl.insecure = options.insecure;
  curl.timeout_ms = static_cast<long>(options.timeout_ns / 1000000);
  return curl;
}

}  // namespace rivulet
