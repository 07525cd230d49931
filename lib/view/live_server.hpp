#pragma once
// The HTTP server behind --serve: the page, its Server-Sent Events stream and an SVG
// snapshot, on non-blocking sockets driven by the caller's poll() loop. A slow browser never
// holds anything up: it is sent the latest frame once it has taken the one it is reading.

#include <poll.h>

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace rivulet {

// Splits "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT" (the last two on the loopback address
// 127.0.0.1). False with *err on bad text.
bool parse_listen_address(const std::string& text, std::string* host, std::string* port,
                          std::string* err);

// Formats one SSE event: "event: NAME\ndata: DATA\n\n". `data` must not hold newlines.
std::string sse_event(const std::string& name, const std::string& data);

struct LiveContent {
  std::string page;                      // served at /
  std::function<std::string()> svg;      // served at /snapshot.svg
  std::function<std::string()> current;  // the SSE event a new stream starts with
};

class LiveServer {
 public:
  static constexpr size_t kMaxClients = 64;
  static constexpr size_t kMaxRequestBytes = 8192;

  // Listens on `address` (see parse_listen_address). Throws UsageError on bad text and
  // rivulet::Error when the address cannot be listened on.
  LiveServer(const std::string& address, LiveContent content);
  ~LiveServer();
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // "http://127.0.0.1:8080/": the address actually bound (port 0 picks a free one).
  const std::string& url() const { return url_; }

  // Appends the descriptors to poll; after poll(), pass the same entries to handle().
  void add_poll_fds(std::vector<pollfd>* fds) const;
  void handle(const pollfd* fds, size_t count);

  // Queues a complete SSE event for every event stream, replacing any event a stream has
  // not started to receive (so a slow reader skips to the latest).
  void broadcast(const std::string& event);
  // Sends `event` as the last one; streams are closed once it is written.
  void finish(const std::string& event);

  size_t stream_count() const;
  // Bytes queued for all clients and not yet written.
  size_t pending_bytes() const;
  // True when nothing is left to write to any client.
  bool drained() const;

 private:
  struct Client;
  void accept_clients();
  void on_readable(Client& c);
  void respond(Client& c);
  void flush(Client& c);

  LiveContent content_;
  int listen_fd_ = -1;
  std::string url_;
  bool finished_ = false;
  std::vector<std::unique_ptr<Client>> clients_;
};

}  // namespace rivulet
