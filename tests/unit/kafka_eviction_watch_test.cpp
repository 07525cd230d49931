// EvictionWatch against librdkafka's in-process mock cluster: a partition pushed past the
// mock's 5 MiB is reported once, with the messages it lost; an untouched one never.

#include <catch2/catch.hpp>

#include <string>

#include "kafka/eviction_watch.hpp"
#include "kafka/mock_cluster.hpp"
#include "kafka/producer.hpp"

using namespace rivulet;

TEST_CASE("describe_evictions sums and names partitions", "[kafka][eviction]") {
  CHECK(describe_evictions({}) == "no messages");
  CHECK(describe_evictions({{{"a", 0}, 1}}) == "1 message (a[0] 1)");
  CHECK(describe_evictions({{{"a", 0}, 5}, {{"b", 3}, 7}}) == "12 messages (a[0] 5, b[3] 7)");
}

TEST_CASE("EvictionWatch reports a partition the mock evicted from, once", "[kafka][eviction]") {
  MockCluster cluster;
  cluster.create_topic("big", 1);
  cluster.create_topic("small", 1);
  KafkaConfig config;
  config.set("bootstrap.servers", cluster.bootstrap_servers(), "test");
  Producer producer(config, "big");
  Producer small(config, "small");
  EvictionWatch watch(cluster.bootstrap_servers());
  CHECK(watch.check().empty());

  // 7 MiB in 64 KiB messages: more than the mock keeps (kMockPartitionMaxBytes).
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

  auto first = watch.check();
  REQUIRE(first.size() == 1);
  CHECK(first[0].topic == "big");
  CHECK(first[0].partition == 0);
  CHECK(first[0].evicted > 0);
  CHECK(first[0].evicted < 112);
  CHECK(watch.check().empty());  // told once
  CHECK(watch.total() == first[0].evicted);
}
