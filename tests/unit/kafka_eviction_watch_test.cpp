// EvictionWatch against librdkafka's in-process mock cluster: a partition pushed past the
// mock's 5 MiB is reported once, with the messages it lost; an untouched one never.

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "kafka/eviction_watch.hpp"
#include "kafka/mock_cluster.hpp"
#include "kafka/producer.hpp"

using namespace rivulet;

namespace {

// Writes 7 MiB in 64 KiB messages to "big" (more than the mock keeps: kMockPartitionMaxBytes)
// and one message to "small".
void overfill(MockCluster& cluster) {
  KafkaConfig config;
  config.set("bootstrap.servers", cluster.bootstrap_servers(), "test");
  Producer producer(config, "big");
  Producer small(config, "small");
  const std::string value(64 * 1024, 'x');
  std::string err;
  for (int i = 0; i < 112; ++i) {
    OutgoingMessage m;
    m.value = value;
    m.origin = i + 1;
    REQUIRE(producer.produce(m, &err));
    producer.poll();
  }
  OutgoingMessage one;
  one.value = "{}";
  one.origin = 1;
  REQUIRE(small.produce(one, &err));
  REQUIRE(producer.drain(30000) == 0);
  REQUIRE(small.drain(30000) == 0);
}

}  // namespace

TEST_CASE("describe_evictions sums and names partitions", "[kafka][eviction]") {
  CHECK(describe_evictions({}) == "no messages");
  CHECK(describe_evictions({{{"a", 0}, 1}}) == "1 message (a[0] 1)");
  CHECK(describe_evictions({{{"a", 0}, 5}, {{"b", 3}, 7}}) == "12 messages (a[0] 5, b[3] 7)");
}

TEST_CASE("EvictionWatch reports a partition the mock evicted from, once",
          "[kafka][eviction][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("big", 1);
  cluster.create_topic("small", 1);
  EvictionWatch watch(cluster.bootstrap_servers());
  CHECK(watch.check().empty());
  overfill(cluster);

  auto first = watch.check();
  REQUIRE(first.size() == 1);
  CHECK(first[0].topic == "big");
  CHECK(first[0].partition == 0);
  CHECK(first[0].evicted > 0);
  CHECK(first[0].evicted < 112);
  CHECK(watch.check().empty());  // told once
  CHECK(watch.total() == first[0].evicted);
}

TEST_CASE("EvictionWatch on its own thread calls back once and stops",
          "[kafka][eviction][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("big", 1);
  cluster.create_topic("small", 1);
  int never[2];
  REQUIRE(pipe(never) == 0);  // a stop fd that stays quiet: stop() ends the thread
  EvictionWatch watch(cluster.bootstrap_servers());
  std::atomic<int> calls{0};
  watch.start(never[0], 100, [&](const Eviction& e) {
    CHECK(e.topic == "big");
    ++calls;
  });
  overfill(cluster);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (calls == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a second call would come now
  watch.stop();
  CHECK(calls == 1);
  CHECK(watch.total() > 0);
  close(never[0]);
  close(never[1]);
}
