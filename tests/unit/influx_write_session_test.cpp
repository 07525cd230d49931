#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "influx/write_session.hpp"

using namespace rivulet;

namespace {

// Records request bodies; can be held so a request stays "in flight".
class GateTransport : public HttpTransport {
 public:
  std::mutex mutex;
  std::condition_variable cv;
  bool open = true;
  std::atomic<int> started{0};
  std::vector<std::string> bodies, urls;

  HttpResponse perform(const HttpRequest& request, const HttpBodySink&) override {
    std::unique_lock<std::mutex> lock(mutex);
    ++started;
    cv.wait(lock, [this] { return open; });
    bodies.emplace_back(request.body);
    urls.push_back(request.url);
    HttpResponse r;
    r.status = 204;
    return r;
  }
  void set_open(bool on) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      open = on;
    }
    cv.notify_all();
  }
};

class NoReports : public WriteReporter {
 public:
  int calls = 0;
  void rejected(const RejectedPoint&) override { ++calls; }
  void unsent(uint64_t, const std::string&, bool) override { ++calls; }
  void server(const ServerNotice&) override { ++calls; }
};

struct Fixture {
  GateTransport transport;
  SystemRetryClock clock;
  Endpoint endpoint{[] {
                      EndpointOptions o;
                      o.url = "http://h:1";
                      o.db = "d";
                      return o;
                    }(),
                    [](const char*) -> const char* { return nullptr; }};
  BatchSender sender{&transport, &clock, &endpoint, RetryOptions(), false, nullptr};
  NoReports reporter;
  ManualClock wall;
};

}  // namespace

TEST_CASE("write session: batches by size, and sends the rest at the end") {
  Fixture f;
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  o.batch_size = 2;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::string err;
  for (int i = 0; i < 5; ++i) {
    REQUIRE(session.add_point("m v=1i", 1000000LL * (i + 1), "in", i + 1, "{}", &err));
  }
  session.finish();
  REQUIRE(f.transport.bodies.size() == 3);
  CHECK(f.transport.bodies[0] == "m v=1i 1\nm v=1i 2\n");
  CHECK(f.transport.bodies[2] == "m v=1i 5\n");
  CHECK(session.stats().written == 5);
  CHECK(session.stats().batches == 3);
  CHECK(f.reporter.calls == 0);
  std::string line = format_stats_text(session.stats_record(), 2'000'000'000);
  CHECK(line.rfind("stats: 5 points, 5 written, 3 batches, 3 requests, 0 retries, 0 rejected, "
                   "0 spilled, 0 lost, latency avg ",
                   0) == 0);
  CHECK(line.find(" ms, 2 written/s, 2.0 s") != std::string::npos);
}

TEST_CASE("write session: a batch older than the flush interval goes on tick") {
  Fixture f;
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  o.flush_interval_ns = 1'000'000'000;
  o.quiet_ns = 0;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::string err;
  REQUIRE(session.add_point("m v=1i", 1000000, "in", 1, "{}", &err));
  f.wall.set(999'999'999);
  session.tick();
  writer.wait_idle();
  CHECK(f.transport.bodies.empty());
  f.wall.set(1'000'000'000);
  session.tick();
  writer.wait_idle();
  CHECK(f.transport.bodies.size() == 1);
  session.finish();
  CHECK(f.transport.bodies.size() == 1);
}

TEST_CASE("write session: a finer time starts a new batch in a finer precision") {
  Fixture f;
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::string err;
  REQUIRE(session.add_point("m v=1i", 1'000'000, "in", 1, "{}", &err));
  REQUIRE(session.add_point("m v=2i", 1'000'001, "in", 2, "{}", &err));
  REQUIRE(session.add_point("m v=3i", 2'000'000, "in", 3, "{}", &err));
  session.finish();
  REQUIRE(f.transport.bodies.size() == 2);
  CHECK(f.transport.urls[0] == "http://h:1/write?db=d&precision=ms");
  CHECK(f.transport.bodies[0] == "m v=1i 1\n");
  CHECK(f.transport.urls[1] == "http://h:1/write?db=d&precision=ns");
  CHECK(f.transport.bodies[1] == "m v=2i 1000001\nm v=3i 2000000\n");

  BatchingOptions fixed;
  fixed.fixed_precision = true;
  WriteSession strict(fixed, &writer, &f.reporter, &f.wall);
  CHECK_FALSE(strict.add_point("m v=1i", 1'000'001, "in", 1, "{}", &err));
  CHECK(err == "time 1000001ns is not a whole number of ms (use a finer --precision)");
  strict.finish();
  CHECK(strict.stats().points_in == 0);
}

TEST_CASE("write session: one batch in flight, one being built, then the reader waits") {
  Fixture f;
  f.transport.set_open(false);
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  o.batch_size = 1;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::atomic<int> added{0};
  std::thread reader([&] {
    std::string err;
    for (int i = 0; i < 3; ++i) {
      session.add_point("m v=1i", 1'000'000, "in", 1, "{}", &err);
      ++added;
    }
  });
  // Point 1 is in flight (held), point 2 is handed over once point 1 finishes: until then
  // adding point 2 blocks, so the reader stops.
  for (int i = 0; i < 200 && f.transport.started.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(f.transport.started.load() == 1);
  CHECK(added.load() == 1);
  f.transport.set_open(true);
  reader.join();
  session.finish();
  CHECK(f.transport.bodies.size() == 3);
}

TEST_CASE("write session: a partial batch goes once input has been quiet, not a whole interval") {
  Fixture f;
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  o.flush_interval_ns = 1'000'000'000;
  o.quiet_ns = 50'000'000;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::string err;
  REQUIRE(session.add_point("m v=1i", 1000000, "in", 1, "{}", &err));
  f.wall.set(40'000'000);
  REQUIRE(session.add_point("m v=2i", 2000000, "in", 2, "{}", &err));
  f.wall.set(80'000'000);  // 40 ms after the last point: still a burst
  session.tick();
  writer.wait_idle();
  CHECK(f.transport.bodies.empty());
  f.wall.set(90'000'000);  // 50 ms of quiet
  session.tick();
  writer.wait_idle();
  REQUIRE(f.transport.bodies.size() == 1);
  session.finish();
  CHECK(f.transport.bodies.size() == 1);
}

TEST_CASE("write session: the wait hook runs while the reader waits for a busy sender") {
  Fixture f;
  f.transport.set_open(false);
  AsyncBatchWriter writer(&f.sender);
  BatchingOptions o;
  o.batch_size = 1;
  WriteSession session(o, &writer, &f.reporter, &f.wall);
  std::atomic<int> hooks{0};
  session.set_wait_hook([&] { ++hooks; });
  std::thread reader([&] {
    std::string err;
    for (int i = 0; i < 2; ++i) session.add_point("m v=1i", 1'000'000, "in", 1, "{}", &err);
  });
  // The second point waits for the first (held in flight): the hook keeps running meanwhile.
  for (int i = 0; i < 400 && hooks.load() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(hooks.load() >= 2);
  f.transport.set_open(true);
  reader.join();
  session.finish();
  CHECK(f.transport.bodies.size() == 2);
}

TEST_CASE("write stats: how long the server has not been answering") {
  WriteStats s;
  s.points_in = 10;
  s.unsent = 3;
  s.spilled = 1;
  CHECK(format_stats_text(write_stats_record(s, 12'500'000'000), 0) ==
        "stats: 10 points, 0 written, 0 batches, 0 requests, 0 retries, 0 rejected, 1 spilled, "
        "2 lost, server not answering for 12.5 s, 0 written/s, 0.0 s");
  CHECK(format_stats_text(write_stats_record(s), 0).find("not answering") == std::string::npos);
  CHECK(format_stats_ndjson("influx-write", write_stats_record(s), 1'000'000'000, true) ==
        R"({"stats":"final","tool":"influx-write","elapsed_s":1.0,"points":10,"written":0,)"
        R"("batches":0,"requests":0,"retries":0,"rejected":0,"spilled":1,"lost":2,)"
        R"("written_per_s":0.0})");
}
