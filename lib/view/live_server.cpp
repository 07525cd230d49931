#include "view/live_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "error.hpp"

namespace rivulet {

struct LiveServer::Client {
  int fd = -1;
  std::string request;
  std::deque<std::string> out;  // messages; the front one is sent from `offset` on
  size_t offset = 0;
  bool responded = false;
  bool head_sent = false;  // the first message (the response head) is written
  bool streaming = false;  // an event stream: stays open
  bool close_when_sent = false;
  bool closed = false;
};

bool parse_listen_address(const std::string& text, std::string* host, std::string* port,
                          std::string* err) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    *host = "127.0.0.1";
    *port = text;
  } else {
    *host = text.substr(0, colon);
    *port = text.substr(colon + 1);
    if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
      *host = host->substr(1, host->size() - 2);
    } else if (host->find(':') != std::string::npos) {
      *err = "\"" + text + "\": write an IPv6 address in brackets, as [::1]:8080";
      return false;
    }
    if (host->empty()) *host = "127.0.0.1";
  }
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  bool digits =
      !port->empty() && port->size() <= 5 && std::all_of(port->begin(), port->end(), is_digit);
  if (!digits || std::stoi(*port) > 65535) {
    *err = "\"" + text + "\" is not HOST:PORT with a port from 0 to 65535";
    return false;
  }
  return true;
}

std::string sse_event(const std::string& name, const std::string& data) {
  return "event: " + name + "\ndata: " + data + "\n\n";
}

LiveServer::LiveServer(const std::string& address, LiveContent content)
    : content_(std::move(content)) {
  std::string host, port, err;
  if (!parse_listen_address(address, &host, &port, &err)) throw UsageError("--serve: " + err);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) throw Error(fmt::format("--serve {}: {}", address, gai_strerror(rc)));
  std::string why = "no address";
  for (addrinfo* ai = found; ai != nullptr && listen_fd_ < 0; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 64) == 0) {
      listen_fd_ = fd;
    } else {
      why = std::strerror(errno);
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) throw Error(fmt::format("--serve {}: cannot listen: {}", address, why));

  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  char name[INET6_ADDRSTRLEN] = "?";
  int bound_port = 0;
  if (bound.ss_family == AF_INET6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&bound);
    inet_ntop(AF_INET6, &a->sin6_addr, name, sizeof name);
    bound_port = ntohs(a->sin6_port);
    url_ = fmt::format("http://[{}]:{}/", name, bound_port);
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&bound);
    inet_ntop(AF_INET, &a->sin_addr, name, sizeof name);
    bound_port = ntohs(a->sin_port);
    url_ = fmt::format("http://{}:{}/", name, bound_port);
  }
}

LiveServer::~LiveServer() {
  for (auto& c : clients_) close(c->fd);
  if (listen_fd_ >= 0) close(listen_fd_);
}

void LiveServer::add_poll_fds(std::vector<pollfd>* fds) const {
  fds->push_back(pollfd{listen_fd_, POLLIN, 0});
  for (const auto& c : clients_) {
    short events = POLLIN;
    if (!c->out.empty()) events |= POLLOUT;
    fds->push_back(pollfd{c->fd, events, 0});
  }
}

void LiveServer::handle(const pollfd* fds, size_t count) {
  // Entries follow add_poll_fds' order: the listener, then the clients as they were.
  size_t n = std::min(count, clients_.size() + 1);
  for (size_t i = 1; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    Client& c = *clients_[i - 1];
    if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) on_readable(c);
    if (!c.closed && (fds[i].revents & POLLOUT)) flush(c);
  }
  if (count > 0 && (fds[0].revents & POLLIN)) accept_clients();
  clients_.erase(std::remove_if(clients_.begin(), clients_.end(),
                                [](const std::unique_ptr<Client>& c) {
                                  if (c->closed) close(c->fd);
                                  return c->closed;
                                }),
                 clients_.end());
}

void LiveServer::accept_clients() {
  for (;;) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or a connection that went away meanwhile
    auto c = std::make_unique<Client>();
    c->fd = fd;
    if (clients_.size() >= kMaxClients) {
      c->out.push_back(
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
          "Connection: close\r\n\r\n");
      c->responded = c->close_when_sent = true;
      flush(*c);  // best effort: a full server never grows
      close(fd);
      continue;
    }
    clients_.push_back(std::move(c));
  }
}

void LiveServer::on_readable(Client& c) {
  char buf[4096];
  for (;;) {
    ssize_t n = recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (!c.responded) c.request.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    c.closed = true;  // the browser went away
    return;
  }
  if (!c.responded &&
      (c.request.find("\r\n\r\n") != std::string::npos || c.request.size() > kMaxRequestBytes)) {
    respond(c);
  }
}

namespace {

std::string response_head(int status, const char* reason, const char* type, size_t length) {
  std::string head = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\n", status, reason, type);
  if (length != std::string::npos) head += fmt::format("Content-Length: {}\r\n", length);
  // The page needs nothing from anywhere but this server.
  head +=
      "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
      "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; "
      "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'\r\n";
  return head;
}

}  // namespace

void LiveServer::respond(Client& c) {
  c.responded = true;
  c.close_when_sent = true;
  std::string line = c.request.substr(0, c.request.find("\r\n"));
  if (c.request.size() > kMaxRequestBytes && c.request.find("\r\n\r\n") == std::string::npos) {
    c.out.push_back(response_head(431, "Request Header Fields Too Large", "text/plain", 0) +
                    "Connection: close\r\n\r\n");
    return flush(c);
  }
  size_t sp1 = line.find(' ');
  size_t sp2 = line.find(' ', sp1 == std::string::npos ? sp1 : sp1 + 1);
  std::string method = line.substr(0, sp1);
  std::string target = sp1 == std::string::npos ? "" : line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string path = target.substr(0, target.find('?'));
  bool head_only = method == "HEAD";
  auto send = [&](int status, const char* reason, const char* type, const std::string& body) {
    c.out.push_back(response_head(status, reason, type, body.size()) + "Connection: close\r\n\r\n" +
                    (head_only ? "" : body));
  };
  if (method != "GET" && method != "HEAD") {
    send(405, "Method Not Allowed", "text/plain; charset=utf-8", "GET only\n");
  } else if (path == "/" || path == "/index.html") {
    send(200, "OK", "text/html; charset=utf-8", content_.page);
  } else if (path == "/snapshot.svg") {
    send(200, "OK", "image/svg+xml; charset=utf-8", content_.svg());
  } else if (path == "/events") {
    c.streaming = !head_only && !finished_;
    c.close_when_sent = !c.streaming;
    c.out.push_back(
        response_head(200, "OK", "text/event-stream; charset=utf-8", std::string::npos) +
        "Connection: keep-alive\r\n\r\nretry: 2000\n\n" + (head_only ? "" : content_.current()));
  } else {
    send(404, "Not Found", "text/plain; charset=utf-8", "not found\n");
  }
  flush(c);
}

void LiveServer::flush(Client& c) {
  while (!c.out.empty()) {
    const std::string& front = c.out.front();
    ssize_t n = send(c.fd, front.data() + c.offset, front.size() - c.offset, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) c.closed = true;
      return;
    }
    c.offset += static_cast<size_t>(n);
    if (c.offset == front.size()) {
      c.head_sent = true;
      c.out.pop_front();
      c.offset = 0;
    }
  }
  if (c.close_when_sent) c.closed = true;
}

void LiveServer::broadcast(const std::string& event) {
  for (auto& c : clients_) {
    if (!c->streaming || c->closed) continue;
    // Keep only the message being written (and the response head); the new event replaces
    // the others.
    size_t keep = c->offset > 0 || !c->head_sent ? 1 : 0;
    while (c->out.size() > keep) c->out.pop_back();
    c->out.push_back(event);
    flush(*c);
  }
}

void LiveServer::finish(const std::string& event) {
  broadcast(event);
  finished_ = true;
  for (auto& c : clients_) {
    if (!c->streaming) continue;
    c->close_when_sent = true;
    if (c->out.empty()) c->closed = true;
  }
}

size_t LiveServer::stream_count() const {
  auto open_stream = [](const auto& c) { return c->streaming && !c->closed; };
  return static_cast<size_t>(std::count_if(clients_.begin(), clients_.end(), open_stream));
}

size_t LiveServer::pending_bytes() const {
  size_t total = 0;
  for (const auto& c : clients_) {
    for (const std::string& m : c->out) total += m.size();
    if (!c->out.empty()) total -= c->offset;
  }
  return total;
}

bool LiveServer::drained() const {
  return std::all_of(clients_.begin(), clients_.end(),
                     [](const auto& c) { return c->out.empty() || c->closed; });
}

}  // namespace rivulet
