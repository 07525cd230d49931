#pragma once
// HttpTransport over one libcurl easy handle: one keep-alive connection reused for every
// request, TLS options for HTTPS endpoints.

#include <memory>
#include <string>

#include "http/http_transport.hpp"

namespace rivulet {

struct CurlOptions {
  std::string ca_cert;      // PEM bundle to trust instead of the system store
  bool insecure = false;    // skip TLS certificate and host checks
  long timeout_ms = 30000;  // whole request, 0 for none (streamed queries)
  long connect_timeout_ms = 5000;
  // With no bytes received for this long, give up (0: no limit). For streamed responses,
  // whose total time is unbounded, this replaces timeout_ms.
  long stall_timeout_ms = 0;
  // Give up once the server has taken this long in total (0: no limit). Unlike timeout_ms,
  // time spent in the body sink (the caller's output blocked by a slow reader) does not
  // count: a server that keeps sending without ever finishing is stopped, a pager is not.
  long wait_timeout_ms = 0;
  bool abort_on_stop = false;  // abandon the transfer when SIGINT/SIGTERM arrives
  // Abandon the transfer once this long has passed since SIGINT/SIGTERM (negative: never).
  // A writer lets its request in flight finish after a stop, but a server that accepted the
  // connection and then hangs must not hold the tool past its promised stop time.
  long stop_grace_ms = -1;
};

class CurlTransport : public HttpTransport {
 public:
  // Throws rivulet::Error if libcurl cannot be initialised.
  explicit CurlTransport(CurlOptions options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResponse perform(const HttpRequest& request, const HttpBodySink& sink = nullptr) override;

  struct State;  // libcurl handle and per-request context (public for the C callbacks)

 private:
  CurlOptions options_;
  std::unique_ptr<State> state_;
};

}  // namespace rivulet
