#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "error.hpp"
#include "view/live_page.hpp"
#include "view/live_server.hpp"

using namespace rivulet;

namespace {

// Runs the server's part of a poll loop for `ms` milliseconds.
void pump(LiveServer& server, int ms) {
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  std::vector<pollfd> fds;
  while (std::chrono::steady_clock::now() < end) {
    fds.clear();
    server.add_poll_fds(&fds);
    poll(fds.data(), fds.size(), 10);
    server.handle(fds.data(), fds.size());
  }
}

int connect_to(const LiveServer& server) {
  // url() is "http://127.0.0.1:PORT/"
  std::string url = server.url();
  int port = std::stoi(url.substr(url.rfind(':') + 1));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

// Everything readable on `fd` now, without waiting.
std::string read_available(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, MSG_DONTWAIT)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

std::string request(LiveServer& server, const std::string& text) {
  int fd = connect_to(server);
  send(fd, text.data(), text.size(), 0);
  std::string out;
  for (int i = 0; i < 50 && out.find("\r\n\r\n") == std::string::npos; ++i) {
    pump(server, 10);
    out += read_available(fd);
  }
  pump(server, 20);
  out += read_available(fd);
  close(fd);
  return out;
}

LiveContent content(int* frames) {
  LiveContent c;
  c.page = live_page_html();
  c.svg = [] { return std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"); };
  c.current = [frames] { return sse_event("frame", "{\"n\":" + std::to_string(++*frames) + "}"); };
  return c;
}

}  // namespace

TEST_CASE("listen addresses default to the loopback", "[view]") {
  std::string host, port, err;
  REQUIRE(parse_listen_address("8080", &host, &port, &err));
  CHECK(host == "127.0.0.1");
  CHECK(port == "8080");
  REQUIRE(parse_listen_address(":0", &host, &port, &err));
  CHECK(host == "127.0.0.1");
  REQUIRE(parse_listen_address("0.0.0.0:80", &host, &port, &err));
  CHECK(host == "0.0.0.0");
  REQUIRE(parse_listen_address("[::1]:8080", &host, &port, &err));
  CHECK(host == "::1");
  CHECK_FALSE(parse_listen_address("::1:8080", &host, &port, &err));
  CHECK_FALSE(parse_listen_address("localhost:http", &host, &port, &err));
  CHECK(err == "\"localhost:http\" is not HOST:PORT with a port from 0 to 65535");
  CHECK_FALSE(parse_listen_address("1:70000", &host, &port, &err));
  CHECK_THROWS_AS(LiveServer("nonsense:port", LiveContent{}), UsageError);
}

TEST_CASE("the server serves the page, the snapshot, and 404 for the rest", "[view]") {
  int frames = 0;
  LiveServer server("127.0.0.1:0", content(&frames));
  CHECK(server.url().rfind("http://127.0.0.1:", 0) == 0);
  std::string page = request(server, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(page.rfind("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n", 0) == 0);
  CHECK(page.find("Content-Security-Policy: default-src 'none'") != std::string::npos);
  CHECK(page.find("new EventSource(\"events\")") != std::string::npos);
  std::string svg = request(server, "GET /snapshot.svg?x=1 HTTP/1.1\r\n\r\n");
  CHECK(svg.find("image/svg+xml") != std::string::npos);
  CHECK(svg.find("<svg xmlns") != std::string::npos);
  CHECK(request(server, "GET /nope HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 404", 0) == 0);
  CHECK(request(server, "POST / HTTP/1.1\r\n\r\n").rfind("HTTP/1.1 405", 0) == 0);
  std::string head = request(server, "HEAD / HTTP/1.1\r\n\r\n");
  CHECK(head.find("<html") == std::string::npos);
  std::string big = request(server, "GET /" + std::string(10000, 'a'));
  CHECK(big.rfind("HTTP/1.1 431", 0) == 0);
}

TEST_CASE("event streams start with the current frame and get every broadcast", "[view]") {
  int frames = 0;
  LiveServer server(":0", content(&frames));
  int a = connect_to(server), b = connect_to(server);
  std::string get = "GET /events HTTP/1.1\r\n\r\n";
  send(a, get.data(), get.size(), 0);
  send(b, get.data(), get.size(), 0);
  pump(server, 50);
  CHECK(server.stream_count() == 2);
  std::string from_a = read_available(a);
  CHECK(from_a.find("Content-Type: text/event-stream") != std::string::npos);
  CHECK(from_a.find("retry: 2000\n\nevent: frame\ndata: {\"n\":") != std::string::npos);
  read_available(b);
  server.broadcast(sse_event("frame", "{\"n\":99}"));
  pump(server, 20);
  CHECK(read_available(a) == "event: frame\ndata: {\"n\":99}\n\n");
  CHECK(read_available(b) == "event: frame\ndata: {\"n\":99}\n\n");
  close(b);
  pump(server, 20);
  CHECK(server.stream_count() == 1);
  server.finish(sse_event("end", "{}"));
  pump(server, 20);
  CHECK(read_available(a) == "event: end\ndata: {}\n\n");
  char byte;
  CHECK(recv(a, &byte, 1, 0) == 0);  // closed by the server
  close(a);
}

TEST_CASE("a browser that does not read holds at most the frame in flight and the latest",
          "[view]") {
  int frames = 0;
  LiveServer server(":0", content(&frames));
  int slow = connect_to(server);
  int buffer = 65536;
  setsockopt(slow, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
  std::string get = "GET /events HTTP/1.1\r\n\r\n";
  send(slow, get.data(), get.size(), 0);
  pump(server, 30);
  std::string frame(500000, 'x');
  const int kFrames = 40;  // 20 MB, far more than the socket buffers hold
  for (int i = 0; i < kFrames; ++i) {
    server.broadcast(sse_event("frame", frame + std::to_string(i)));
    pump(server, 1);
    CHECK(server.pending_bytes() <= 2 * (frame.size() + 100));
  }
  std::string got;
  std::string latest = frame + std::to_string(kFrames - 1) + "\n\n";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto ends_with_latest = [&] {
    return got.size() >= latest.size() &&
           got.compare(got.size() - latest.size(), latest.size(), latest) == 0;
  };
  while (!ends_with_latest() && std::chrono::steady_clock::now() < deadline) {
    pump(server, 2);
    got += read_available(slow);
  }
  INFO("received " << got.size() << " bytes, " << server.pending_bytes() << " pending");
  CHECK(ends_with_latest());
  size_t received = 0;
  for (size_t at = got.find("event: frame"); at != std::string::npos;
       at = got.find("event: frame", at + 1)) {
    ++received;
  }
  CHECK(received < kFrames);  // the ones it could not take were skipped, not queued
  close(slow);
}
