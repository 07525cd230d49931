#pragma once
// The HTTP seam: influx-write's batching and retry logic and influx-query's streaming talk
// to this interface, so unit tests drive them with a scripted fake instead of a server.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string_view body;             // must stay valid during perform()
};

struct HttpResponse {
  // The HTTP status, or 0 when no response arrived (connection refused, reset, timeout);
  // transport_error then says why.
  int status = 0;
  std::string transport_error;
  // Set with transport_error when retrying cannot help: a certificate that does not verify,
  // an unreadable --ca-cert, a malformed URL or unsupported scheme.
  bool permanent_error = false;
  std::string body;                 // empty when the body went to a sink
  double retry_after_seconds = -1;  // from a Retry-After header; negative when absent
  long long elapsed_ns = 0;
};

// Receives a successful (2xx) response body as it arrives; returns false to abort the
// transfer. Error responses (status >= 300) are collected in HttpResponse::body instead, so
// the caller can show the server's message.
using HttpBodySink = std::function<bool(std::string_view data)>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Performs one request. Never throws for network or HTTP errors: they are in the response.
  virtual HttpResponse perform(const HttpRequest& request, const HttpBodySink& sink = nullptr) = 0;
};

// Seconds to wait from a Retry-After value: delta-seconds ("120") or an HTTP date, taken
// relative to `now_epoch_seconds`. Negative when the value cannot be read.
double parse_retry_after(std::string_view value, long long now_epoch_seconds);

}  // namespace rivulet
