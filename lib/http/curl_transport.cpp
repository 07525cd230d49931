#include "http/curl_transport.hpp"

#include <curl/curl.h>

#include <cctype>
#include <ctime>
#include <mutex>

#include "error.hpp"
#include "io/signals.hpp"

namespace rivulet {

struct CurlTransport::State {
  CURL* curl = nullptr;
  // Per-request context the callbacks see.
  HttpResponse* response = nullptr;
  const HttpBodySink* sink = nullptr;
  bool sink_aborted = false;
  bool abort_on_stop = false;
  long stop_grace_ms = -1;
  long stall_timeout_ms = 0;
  long wait_timeout_ms = 0;
  curl_off_t last_moved = 0;
  long long last_moved_ns = 0;
  bool stalled = false;
  long long started_ns = 0;
  long long in_sink_ns = 0;  // time spent in the body sink during this request
  bool waited_too_long = false;
};

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<CurlTransport::State*>(user);
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
      value.remove_suffix(1);
    }
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (name == "retry-after") {
      state->response->retry_after_seconds =
          parse_retry_after(value, static_cast<long long>(std::time(nullptr)));
    }
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<CurlTransport::State*>(user);
  size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(state->curl, CURLINFO_RESPONSE_CODE, &status);
  if (state->sink != nullptr && *state->sink && status >= 200 && status < 300) {
    long long entered = monotonic_now_ns();
    bool go_on = (*state->sink)(std::string_view(data, n));
    state->in_sink_ns += monotonic_now_ns() - entered;
    if (!go_on) {
      state->sink_aborted = true;
      return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    return n;
  }
  // Error bodies are short messages; cap them so a misbehaving server cannot grow memory.
  if (state->response->body.size() < (1 << 20)) state->response->body.append(data, n);
  return n;
}

// Called about once a second and whenever data moves: aborts on a stop request or when the
// transfer has stalled for stall_timeout_ms (curl's own low-speed check averages over
// several seconds, too slow for short timeouts).
int on_progress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow) {
  (void)dltotal;
  (void)ultotal;
  auto* state = static_cast<CurlTransport::State*>(user);
  if (stop_requested()) {
    if (state->abort_on_stop) return 1;
    if (state->stop_grace_ms >= 0 &&
        monotonic_now_ns() - stop_requested_at_ns() > state->stop_grace_ms * 1000000LL) {
      return 1;
    }
  }
  if (state->wait_timeout_ms > 0 && monotonic_now_ns() - state->started_ns - state->in_sink_ns >
                                        state->wait_timeout_ms * 1000000LL) {
    state->waited_too_long = true;
    return 1;
  }
  if (state->stall_timeout_ms > 0) {
    long long now = monotonic_now_ns();
    curl_off_t moved = dlnow + ulnow;
    if (moved != state->last_moved || state->last_moved_ns == 0) {
      state->last_moved = moved;
      state->last_moved_ns = now;
    } else if (now - state->last_moved_ns > state->stall_timeout_ms * 1000000LL) {
      state->stalled = true;
      return 1;
    }
  }
  return 0;
}

}  // namespace

CurlTransport::CurlTransport(CurlOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()) {
  global_init();
  state_->curl = curl_easy_init();
  if (state_->curl == nullptr) throw Error("cannot initialise libcurl");
  state_->abort_on_stop = options_.abort_on_stop;
  state_->stop_grace_ms = options_.stop_grace_ms;
  state_->stall_timeout_ms = options_.stall_timeout_ms;
  state_->wait_timeout_ms = options_.wait_timeout_ms;
  CURL* c = state_->curl;
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, state_.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, state_.get());
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, state_.get());
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "rivulet/" RIVULET_VERSION);
  if (!options_.ca_cert.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_cert.c_str());
  if (options_.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

CurlTransport::~CurlTransport() {
  if (state_->curl != nullptr) curl_easy_cleanup(state_->curl);
}

HttpResponse CurlTransport::perform(const HttpRequest& request, const HttpBodySink& sink) {
  HttpResponse response;
  CURL* c = state_->curl;
  state_->response = &response;
  state_->sink = &sink;
  state_->sink_aborted = false;
  state_->stalled = false;
  state_->last_moved = 0;
  state_->last_moved_ns = 0;
  state_->in_sink_ns = 0;
  state_->waited_too_long = false;

  curl_slist* headers = nullptr;
  for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  // Without this, curl waits up to a second for "100 Continue" before sending large bodies.
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (request.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  long long start = monotonic_now_ns();
  state_->started_ns = start;
  CURLcode rc = curl_easy_perform(c);
  response.elapsed_ns = monotonic_now_ns() - start;
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);

  if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && state_->sink_aborted)) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
  } else if (rc == CURLE_ABORTED_BY_CALLBACK && state_->stalled) {
    response.transport_error =
        "no data from the server for " + std::to_string(options_.stall_timeout_ms) + " ms";
  } else if (rc == CURLE_ABORTED_BY_CALLBACK && state_->waited_too_long) {
    response.transport_error = "the server took more than " +
                               std::to_string(options_.wait_timeout_ms) + " ms to answer in full";
  } else if (rc == CURLE_ABORTED_BY_CALLBACK) {
    response.transport_error = "interrupted";
  } else {
    response.transport_error = curl_easy_strerror(rc);
    response.permanent_error = rc == CURLE_PEER_FAILED_VERIFICATION ||
                               rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
                               rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
  }
  state_->response = nullptr;
  state_->sink = nullptr;
  return response;
}

}  // namespace rivulet
