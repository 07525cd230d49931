#pragma once
// Relays TCP connections from a fixed listening address to another address, so kbroker can
// offer a predictable bootstrap port in front of the mock cluster's self-chosen ports.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rivulet {

// Splits "HOST:PORT" (port 0..65535). Returns false with *err on bad text.
bool parse_host_port(const std::string& text, std::string* host, int* port, std::string* err);

// Accepts connections on `listen` and relays each byte-for-byte to a new connection to
// `target`. Single-threaded: run() polls every socket. Memory is bounded by a fixed buffer
// per direction per connection; a full buffer stops reading that side (back-pressure).
class TcpRelay {
 public:
  // Binds and listens at once (port 0 picks a free port). Throws rivulet::Error.
  TcpRelay(const std::string& listen, const std::string& target);
  ~TcpRelay();
  TcpRelay(const TcpRelay&) = delete;
  TcpRelay& operator=(const TcpRelay&) = delete;

  // The bound address as "HOST:PORT", with the real port when 0 was asked for.
  std::string address() const;

  // Relays until `stop_fd` becomes readable. A connection whose target refuses is closed.
  // Throws rivulet::Error only if polling itself fails.
  void run(int stop_fd);

  size_t open_connections() const { return pairs_.size(); }

 private:
  struct Pair;
  void accept_one();
  void close_pair(size_t index);

  int listen_fd_ = -1;
  std::string host_;
  int port_ = 0;
  std::string target_host_;
  int target_port_ = 0;
  std::vector<std::unique_ptr<Pair>> pairs_;
};

}  // namespace rivulet
