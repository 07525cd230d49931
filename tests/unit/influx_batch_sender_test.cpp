#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <deque>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "http/gzip.hpp"
#include "influx/batch_sender.hpp"

using namespace rivulet;

namespace {

// Answers each request with a function of its (decompressed) body, and records requests.
class FakeTransport : public HttpTransport {
 public:
  std::function<HttpResponse(const std::string& body)> answer;
  std::vector<std::string> bodies;
  std::vector<std::string> urls;

  HttpResponse perform(const HttpRequest& request, const HttpBodySink&) override {
    bool gzipped = false;
    for (const auto& h : request.headers) gzipped = gzipped || h == "Content-Encoding: gzip";
    std::string body = gzipped ? gzip_decompress(request.body) : std::string(request.body);
    bodies.push_back(body);
    urls.push_back(request.url);
    return answer(body);
  }
};

HttpResponse status(int code, std::string body = "", double retry_after = -1) {
  HttpResponse r;
  r.status = code;
  r.body = std::move(body);
  r.retry_after_seconds = retry_after;
  return r;
}

Batch make_batch(int n) {
  Batch b;
  b.set_precision(TimeUnit::kMillis);
  for (int i = 0; i < n; ++i) {
    b.text() += "m v=" + std::to_string(i) + "i " + std::to_string(1000 + i);
    b.end_point("in.ndjson", static_cast<uint64_t>(i + 1), "{\"v\":" + std::to_string(i) + "}");
  }
  return b;
}

std::string gzip_compress_for_test(const std::string& text) {
  std::string out;
  gzip_compress(text, &out);
  return out;
}

size_t count_lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

struct Fixture {
  FakeTransport transport;
  ManualRetryClock clock;  // time passes only when the sender sleeps
  Endpoint endpoint{[] {
                      EndpointOptions o;
                      o.url = "http://influx:8086";
                      o.db = "video";
                      return o;
                    }(),
                    [](const char*) -> const char* { return nullptr; }};
  RetryOptions retry;
  BatchSender sender(bool gzip = true, SpillFile* spill = nullptr) {
    return BatchSender(&transport, &clock, &endpoint, retry, gzip, spill, [] { return 0.5; });
  }
};

}  // namespace

TEST_CASE("retry delay: exponential, capped, jittered, at least Retry-After") {
  RetryOptions o;
  CHECK(retry_delay_ns(o, 0, 0.0, -1) == 50'000'000);
  CHECK(retry_delay_ns(o, 0, 0.999999, -1) > 99'000'000);
  CHECK(retry_delay_ns(o, 3, 0.0, -1) == 400'000'000);
  CHECK(retry_delay_ns(o, 50, 1.0, -1) == 10'000'000'000);  // capped at max_backoff
  CHECK(retry_delay_ns(o, 0, 0.0, 7) == 7'000'000'000);     // the server's wish wins
  CHECK(retry_delay_ns(o, 20, 0.0, 1) == 5'000'000'000);    // but not below our backoff
}

TEST_CASE("batch sender: a good batch is one gzip request to the write URL") {
  Fixture f;
  f.transport.answer = [](const std::string&) { return status(204); };
  BatchSender sender = f.sender();
  Batch batch = make_batch(3);
  SendOutcome out = sender.send(batch);
  CHECK(out.written == 3);
  CHECK(out.requests == 1);
  REQUIRE(f.transport.bodies.size() == 1);
  CHECK(f.transport.bodies[0] == "m v=0i 1000\nm v=1i 1001\nm v=2i 1002\n");
  CHECK(f.transport.urls[0] == "http://influx:8086/write?db=video&precision=ms");
}

TEST_CASE("batch sender: 5xx, 429 and connection failures are retried with backoff") {
  Fixture f;
  std::deque<HttpResponse> script;
  script.push_back(status(500, "{\"error\":\"engine busy\"}"));
  HttpResponse refused;
  refused.transport_error = "Couldn't connect to server";
  script.push_back(refused);
  script.push_back(status(429, "", 3));
  script.push_back(status(503));
  script.push_back(status(204));
  f.transport.answer = [&](const std::string&) {
    HttpResponse r = script.front();
    script.pop_front();
    return r;
  };
  BatchSender sender = f.sender();
  SendOutcome out = sender.send(make_batch(10));
  CHECK(out.written == 10);
  CHECK(out.retries == 4);
  CHECK(out.unsent == 0);
  // Equal jitter at 0.5: 75ms, 150ms, then Retry-After 3s, then 600ms.
  CHECK(f.clock.sleeps() ==
        std::vector<int64_t>{75'000'000, 150'000'000, 3'000'000'000, 600'000'000});
  for (const auto& b : f.transport.bodies) CHECK(b == f.transport.bodies[0]);  // same batch again
}

TEST_CASE("batch sender: gives up after max retry time and spills with ns timestamps") {
  Fixture f;
  f.retry.max_retry_time_ns = 2'000'000'000;
  f.transport.answer = [](const std::string&) { return status(503, "down"); };
  char path[] = "/tmp/rivulet-spill-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  {
    SpillFile spill(path);
    BatchSender sender = f.sender(true, &spill);
    SendOutcome out = sender.send(make_batch(2));
    CHECK(out.written == 0);
    CHECK(out.unsent == 2);
    CHECK(out.spilled);
    CHECK(out.unsent_reason == "HTTP 503: down (gave up after 2s of retries)");
    long long slept = 0;
    for (auto s : f.clock.sleeps()) slept += s;
    CHECK(slept <= 2'000'000'000);
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "m v=0i 1000000000\nm v=1i 1001000000\n");
  unlink(path);
}

TEST_CASE("batch sender: a stop signal shortens the retrying to the stop grace") {
  Fixture f;
  f.retry.stop_grace_ns = 1'000'000'000;
  f.clock.set_stopping(true);
  f.transport.answer = [](const std::string&) { return status(500); };
  BatchSender sender = f.sender();
  SendOutcome out = sender.send(make_batch(1));
  CHECK(out.unsent == 1);
  CHECK_FALSE(out.spilled);
  long long slept = 0;
  for (auto s : f.clock.sleeps()) slept += s;
  CHECK(slept <= 1'000'000'000);
  CHECK(out.unsent_reason.find("stop signal") != std::string::npos);
  // The grace is for the whole shutdown, not per batch: all retrying stays within it.
  SendOutcome next = sender.send(make_batch(1));
  CHECK(next.unsent == 1);
  slept = 0;
  for (auto s : f.clock.sleeps()) slept += s;
  CHECK(slept <= 1'000'000'000);
}

TEST_CASE("batch sender: 400 bisects to the bad points and writes every good one") {
  Fixture f;
  // Like influxd: refuses a body containing a bad point (v=3 and v=6 here).
  std::vector<std::string> written;
  f.transport.answer = [&](const std::string& body) {
    if (body.find("v=3i") != std::string::npos || body.find("v=6i") != std::string::npos) {
      return status(400, "{\"error\":\"partial write: field type conflict dropped=1\"}");
    }
    written.push_back(body);
    return status(204);
  };
  BatchSender sender = f.sender(false);
  SendOutcome out = sender.send(make_batch(8));
  CHECK(out.written == 6);
  REQUIRE(out.rejected.size() == 2);
  CHECK(out.rejected[0].line == 4);
  CHECK(out.rejected[0].original == "{\"v\":3}");
  CHECK(out.rejected[0].source == "in.ndjson");
  CHECK(out.rejected[0].message ==
        "the server refused the point: partial write: field type conflict dropped=1");
  CHECK(out.rejected[1].line == 7);
  size_t lines = 0;
  for (const auto& w : written) lines += count_lines(w);
  CHECK(lines == 6);
  CHECK(out.retries == 0);
  CHECK(f.clock.sleeps().empty());
}

TEST_CASE("batch sender: 413 splits until the bodies fit") {
  Fixture f;
  f.transport.answer = [&](const std::string& body) {
    return count_lines(body) > 2 ? status(413, "Request Entity Too Large") : status(204);
  };
  BatchSender sender = f.sender(false);
  SendOutcome out = sender.send(make_batch(7));
  CHECK(out.written == 7);
  CHECK(out.rejected.empty());
  // Halves keep input order.
  std::string all;
  for (const auto& b : f.transport.bodies) {
    if (count_lines(b) <= 2) all += b;
  }
  CHECK(all == make_batch(7).lines(0, 7));
}

TEST_CASE("batch sender: a batch compressed ahead is sent as compressed; halves anew") {
  Fixture f;
  std::vector<std::string> raw;  // request bodies as they went, still compressed
  f.transport.answer = [&](const std::string& body) {
    return count_lines(body) > 4 ? status(413, "Request Entity Too Large") : status(204);
  };
  BatchSender sender = f.sender(true);
  Batch small = make_batch(3);
  sender.prepare(&small);
  REQUIRE_FALSE(small.compressed().empty());
  CHECK(gzip_decompress(small.compressed()) == small.lines(0, 3));
  small.compressed() = gzip_compress_for_test("m marker=1i 1\n");  // proves it is used as is
  CHECK(sender.send(small).written == 3);
  REQUIRE(f.transport.bodies.size() == 1);
  CHECK(f.transport.bodies[0] == "m marker=1i 1\n");

  Batch big = make_batch(7);
  sender.prepare(&big);
  SendOutcome out = sender.send(big);  // 413: the halves are compressed from the lines
  CHECK(out.written == 7);
  std::string all;
  for (size_t i = 2; i < f.transport.bodies.size(); ++i) all += f.transport.bodies[i];
  CHECK(all == make_batch(7).lines(0, 7));

  BatchSender plain = f.sender(false);
  Batch uncompressed = make_batch(2);
  plain.prepare(&uncompressed);
  CHECK(uncompressed.compressed().empty());
}

TEST_CASE("batch sender: 401/404 fail at once and later batches are not sent") {
  Fixture f;
  f.transport.answer = [](const std::string&) {
    return status(404, "{\"error\":\"database not found: \\\"video\\\"\"}");
  };
  BatchSender sender = f.sender();
  SendOutcome out = sender.send(make_batch(4));
  CHECK(out.unsent == 4);
  CHECK(out.fatal ==
        "HTTP 404 from http://influx:8086: database not found: \"video\" (check --db; create "
        "the database first, or pass --create-db)");
  CHECK(sender.failed());
  SendOutcome next = sender.send(make_batch(2));
  CHECK(next.unsent == 2);
  CHECK(f.transport.bodies.size() == 1);
}

TEST_CASE("batch sender: says at once when the server stops answering, and when it is back") {
  Fixture f;
  std::deque<HttpResponse> script{status(503, "{\"error\":\"down\"}"), status(503), status(204)};
  f.transport.answer = [&](const std::string&) {
    HttpResponse r = script.front();
    script.pop_front();
    return r;
  };
  BatchSender sender = f.sender();
  std::vector<ServerNotice> notices;
  sender.set_notice_handler([&](const ServerNotice& n) { notices.push_back(n); });
  SendOutcome out = sender.send(make_batch(2));
  CHECK(out.written == 2);
  REQUIRE(notices.size() == 2);
  CHECK(notices[0].kind == ServerNotice::Kind::kNotAnswering);
  CHECK(notices[0].reason == "HTTP 503: down");
  CHECK(notices[1].kind == ServerNotice::Kind::kAnswering);
  CHECK(notices[1].down_ns == f.clock.sleeps()[0] + f.clock.sleeps()[1]);
  // A healthy send says nothing more.
  script.push_back(status(204));
  sender.send(make_batch(1));
  CHECK(notices.size() == 2);
}

TEST_CASE(
    "batch sender: once a batch used its whole retry time, later ones spill at once "
    "until a probe succeeds") {
  Fixture f;
  f.retry.max_retry_time_ns = 2'000'000'000;
  f.retry.max_backoff_ns = 10'000'000'000;
  bool up = false;
  f.transport.answer = [&](const std::string&) { return up ? status(204) : status(503); };
  BatchSender sender = f.sender();
  std::vector<ServerNotice> notices;
  sender.set_notice_handler([&](const ServerNotice& n) { notices.push_back(n); });

  SendOutcome first = sender.send(make_batch(3));
  CHECK(first.unsent == 3);
  CHECK(first.requests > 1);

  // Known down: not tried at all, not waited for.
  size_t requests = f.transport.bodies.size();
  int64_t before = f.clock.now_ns();
  SendOutcome second = sender.send(make_batch(4));
  CHECK(second.unsent == 4);
  CHECK(second.requests == 0);
  CHECK(f.transport.bodies.size() == requests);
  CHECK(f.clock.now_ns() == before);
  CHECK(second.unsent_reason ==
        "the server is not answering (HTTP 503); not retried, since an earlier batch "
        "already retried for 2s");

  // A probe every max_backoff: one attempt, and a failed one spills at once.
  f.clock.advance(10'000'000'000);
  SendOutcome probe = sender.send(make_batch(2));
  CHECK(probe.requests == 1);
  CHECK(probe.retries == 0);
  CHECK(probe.unsent == 2);
  CHECK(sender.send(make_batch(1)).requests == 0);

  // The server is back: the next probe writes, and normal service resumes.
  up = true;
  f.clock.advance(10'000'000'000);
  SendOutcome back = sender.send(make_batch(5));
  CHECK(back.written == 5);
  CHECK(sender.send(make_batch(1)).written == 1);
  REQUIRE(notices.size() == 2);
  CHECK(notices[0].kind == ServerNotice::Kind::kNotAnswering);
  CHECK(notices[1].kind == ServerNotice::Kind::kAnswering);
}

TEST_CASE("batch sender: after the stop grace, batches are given up without a request") {
  Fixture f;
  f.retry.stop_grace_ns = 1'000'000'000;
  f.clock.set_stopping(true);
  f.transport.answer = [](const std::string&) { return status(204); };
  BatchSender sender = f.sender();
  CHECK(sender.send(make_batch(1)).written == 1);  // within the grace: sent
  f.clock.advance(2'000'000'000);
  SendOutcome late = sender.send(make_batch(2));
  CHECK(late.requests == 0);
  CHECK(late.unsent == 2);
  CHECK(late.unsent_reason == "not sent: the stop grace of 1s is over");
}
