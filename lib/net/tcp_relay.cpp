#include "net/tcp_relay.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "error.hpp"

namespace rivulet {

namespace {

constexpr size_t kBufferSize = 256 * 1024;

std::string errno_text() { return std::strerror(errno); }

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Resolves HOST:PORT to an IPv4 or IPv6 address; throws rivulet::Error.
struct Resolved {
  sockaddr_storage address{};
  socklen_t length = 0;
  int family = AF_INET;
};

Resolved resolve(const std::string& host, int port, bool passive) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (passive) hints.ai_flags = AI_PASSIVE;
  addrinfo* result = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &result);
  if (rc != 0) throw Error("cannot resolve \"" + host + "\": " + gai_strerror(rc));
  Resolved r;
  std::memcpy(&r.address, result->ai_addr, result->ai_addrlen);
  r.length = result->ai_addrlen;
  r.family = result->ai_family;
  freeaddrinfo(result);
  return r;
}

}  // namespace

bool parse_host_port(const std::string& text, std::string* host, int* port, std::string* err) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    *err = "\"" + text + "\": expected HOST:PORT";
    return false;
  }
  char* end = nullptr;
  long n = std::strtol(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || n < 0 || n > 65535) {
    *err = "\"" + text + "\": the port must be a number from 0 to 65535";
    return false;
  }
  *host = text.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  *port = static_cast<int>(n);
  return true;
}

// One relayed connection: bytes read from one side wait in the buffer toward the other.
struct TcpRelay::Pair {
  int fd[2] = {-1, -1};    // 0: the client, 1: the target
  std::string pending[2];  // pending[i]: bytes waiting to be written to fd[i]
  bool closed = false;

  ~Pair() {
    for (int f : fd) {
      if (f >= 0) close(f);
    }
  }
};

TcpRelay::TcpRelay(const std::string& listen, const std::string& target) {
  std::string err;
  if (!parse_host_port(listen, &host_, &port_, &err)) throw Error("--listen " + err);
  if (!parse_host_port(target, &target_host_, &target_port_, &err)) throw Error(err);
  Resolved r = resolve(host_, port_, true);
  listen_fd_ = socket(r.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw Error("cannot create a socket: " + errno_text());
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&r.address), r.length) != 0) {
    std::string why = errno_text();
    close(listen_fd_);
    throw Error("cannot listen on " + listen + ": " + why);
  }
  if (::listen(listen_fd_, 128) != 0) {
    std::string why = errno_text();
    close(listen_fd_);
    throw Error("cannot listen on " + listen + ": " + why);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  set_nonblocking(listen_fd_);
}

TcpRelay::~TcpRelay() {
  pairs_.clear();
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::string TcpRelay::address() const {
  bool v6 = host_.find(':') != std::string::npos;
  return (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

void TcpRelay::accept_one() {
  int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (client < 0) return;  // EAGAIN or a connection that went away before accept
  auto pair = std::make_unique<Pair>();
  pair->fd[0] = client;
  Resolved r;
  try {
    r = resolve(target_host_, target_port_, false);
  } catch (const Error&) {
    return;
  }
  int upstream = socket(r.family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (upstream < 0) return;
  pair->fd[1] = upstream;
  // The target is on this machine, so a blocking connect returns at once.
  if (connect(upstream, reinterpret_cast<sockaddr*>(&r.address), r.length) != 0) return;
  set_nonblocking(upstream);
  int one = 1;
  for (int f : pair->fd) setsockopt(f, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  pairs_.push_back(std::move(pair));
}

void TcpRelay::close_pair(size_t index) {
  pairs_[index] = std::move(pairs_.back());
  pairs_.pop_back();
}

void TcpRelay::run(int stop_fd) {
  std::vector<pollfd> fds;
  char chunk[64 * 1024];
  for (;;) {
    fds.clear();
    fds.push_back({stop_fd, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& p : pairs_) {
      for (int side = 0; side < 2; ++side) {
        short events = 0;
        // Read from this side only while the other side's queue has room.
        if (p->pending[1 - side].size() < kBufferSize) events |= POLLIN;
        if (!p->pending[side].empty()) events |= POLLOUT;
        fds.push_back({p->fd[side], events, 0});
      }
    }
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw Error("poll failed: " + errno_text());
    }
    if (fds[0].revents) return;
    size_t count = pairs_.size();
    for (size_t i = 0; i < count; ++i) {
      Pair& p = *pairs_[i];
      for (int side = 0; side < 2 && !p.closed; ++side) {
        short revents = fds[2 + 2 * i + side].revents;
        if (revents & POLLOUT) {
          std::string& out = p.pending[side];
          ssize_t n = write(p.fd[side], out.data(), out.size());
          if (n > 0) {
            out.erase(0, static_cast<size_t>(n));
          } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            p.closed = true;
          }
        }
        if (revents & (POLLIN | POLLHUP | POLLERR)) {
          ssize_t n = read(p.fd[side], chunk, sizeof chunk);
          if (n > 0) {
            p.pending[1 - side].append(chunk, static_cast<size_t>(n));
          } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            // Kafka clients never half-close: one side gone ends the connection.
            p.closed = true;
          }
        }
      }
    }
    for (size_t i = pairs_.size(); i-- > 0;) {
      if (pairs_[i]->closed) close_pair(i);
    }
    if (fds[1].revents & POLLIN) accept_one();
  }
}

}  // namespace rivulet
