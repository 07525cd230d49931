// The producer, relay and consumer against librdkafka's in-process mock cluster, with its
// fault injection: brokers down and up, failing requests.

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "io/signals.hpp"
#include "kafka/consumer.hpp"
#include "kafka/mock_cluster.hpp"
#include "kafka/producer.hpp"
#include "net/tcp_relay.hpp"

using namespace rivulet;

namespace {

constexpr int16_t kProduceApiKey = 0;  // RD_KAFKAP_Produce, not in the public headers

KafkaConfig config_for(const std::string& brokers) {
  KafkaConfig config;
  config.set("bootstrap.servers", brokers, "test");
  return config;
}

OutgoingMessage message(std::string_view value, uint64_t origin) {
  OutgoingMessage m;
  m.value = value;
  m.origin = origin;
  return m;
}

void produce_all(Producer& producer, int count, uint64_t first_origin = 1) {
  std::string err;
  for (int i = 0; i < count; ++i) {
    std::string value = "{\"n\":" + std::to_string(i) + "}";
    REQUIRE(producer.produce(message(value, first_origin + i), &err));
  }
}

// Room for only 10 messages, each given up after 200 ms.
KafkaConfig narrow_config(const std::string& brokers) {
  KafkaConfig config = config_for(brokers);
  config.set("queue.buffering.max.messages", "10", "test");
  config.set("message.timeout.ms", "200", "test");
  return config;
}

// Every message of `topic` as "partition key value" lines, each partition in offset order.
std::vector<std::string> read_topic(const std::string& brokers, const std::string& topic,
                                    size_t expected) {
  ConsumerSettings settings;
  settings.topics = {topic};
  settings.start.kind = StartOffset::kBeginning;
  settings.exit_at_end = true;
  Consumer consumer(config_for(brokers), settings);
  std::vector<std::string> lines;
  long long deadline = monotonic_now_ns() + 20'000'000'000LL;
  std::vector<ConsumedMessage> batch;
  while ((!consumer.at_end() || lines.size() < expected) && monotonic_now_ns() < deadline) {
    batch.clear();
    consumer.poll(100, &batch);
    for (const ConsumedMessage& m : batch) {
      lines.push_back(std::to_string(m.partition) + " " + std::string(m.key.value_or("-")) + " " +
                      std::string(*m.value));
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a) < std::stoi(b);
  });
  return lines;
}

// The views must outlive produce(): string literals or the caller's strings.
OutgoingMessage keyed(std::string_view value, std::string_view key, uint64_t origin) {
  OutgoingMessage m = message(value, origin);
  m.key = key;
  m.has_key = true;
  return m;
}

}  // namespace

TEST_CASE("producer: keyed messages gathered per partition land where librdkafka puts them",
          "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("gathered", 8);
  cluster.create_topic("one-by-one", 8);
  std::vector<std::string> values, keys;
  for (int i = 0; i < 600; ++i) {
    values.push_back("{\"n\":" + std::to_string(i) + "}");
    keys.push_back("cam-" + std::to_string(i * 7 % 23));
  }
  std::string err;
  {
    Producer producer(config_for(cluster.bootstrap_servers()), "gathered");
    for (int i = 0; i < 600; ++i) REQUIRE(producer.produce(keyed(values[i], keys[i], i), &err));
    CHECK(producer.drain(10000) == 0);
    CHECK(producer.counts().delivered == 600);
    CHECK(producer.produced_in_runs() == 600);
  }
  {
    // The oracle: librdkafka partitioning each message itself.
    rd_kafka_conf_t* conf = config_for(cluster.bootstrap_servers()).build();
    char errstr[256];
    rd_kafka_t* plain = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    REQUIRE(plain != nullptr);
    for (int i = 0; i < 600; ++i) {
      REQUIRE(rd_kafka_producev(plain, RD_KAFKA_V_TOPIC("one-by-one"),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                RD_KAFKA_V_VALUE(values[i].data(), values[i].size()),
                                RD_KAFKA_V_KEY(keys[i].data(), keys[i].size()),
                                RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    REQUIRE(rd_kafka_flush(plain, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(plain);
  }
  std::vector<std::string> gathered = read_topic(cluster.bootstrap_servers(), "gathered", 600);
  std::vector<std::string> oracle = read_topic(cluster.bootstrap_servers(), "one-by-one", 600);
  REQUIRE(gathered.size() == 600);
  CHECK(gathered == oracle);  // same partition per key, same order within each partition
}

TEST_CASE("producer: a message that cannot be gathered keeps its place in the partition",
          "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("mixed", 1);
  Producer producer(config_for(cluster.bootstrap_servers()), "mixed", 0);
  std::string err;
  std::string a = "{\"n\":1}", b = "{\"n\":2}", c = "{\"n\":3}";
  REQUIRE(producer.produce(keyed(a, "k", 1), &err));  // gathered
  OutgoingMessage with_header = keyed(b, "k", 2);     // headers: produced on its own
  with_header.headers.push_back({"source", "test", false});
  REQUIRE(producer.produce(with_header, &err));
  REQUIRE(producer.produce(keyed(c, "k", 3), &err));  // gathered again
  CHECK(producer.drain(10000) == 0);
  CHECK(producer.produced_in_runs() == 2);
  CHECK(read_topic(cluster.bootstrap_servers(), "mixed", 3) ==
        std::vector<std::string>{"0 k " + a, "0 k " + b, "0 k " + c});
}

TEST_CASE("producer: every message delivered and counted", "[kafka][mock-broker]") {
  MockCluster cluster;
  Producer producer(config_for(cluster.bootstrap_servers()), "delivered");
  produce_all(producer, 200);
  CHECK(producer.drain(10000) == 0);
  CHECK(producer.counts().produced == 200);
  CHECK(producer.counts().delivered == 200);
  CHECK(producer.counts().in_flight() == 0);
}

TEST_CASE("producer: failed produce requests are retried, nothing lost or doubled",
          "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("retried", 1);
  cluster.push_request_errors(
      kProduceApiKey, {RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
                       RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS});
  Producer producer(config_for(cluster.bootstrap_servers()), "retried");
  produce_all(producer, 50);
  CHECK(producer.drain(10000) == 0);
  CHECK(producer.counts().delivered == 50);

  // The partition holds each message exactly once (idempotent retries).
  int64_t low = -1, high = -1;
  REQUIRE(rd_kafka_query_watermark_offsets(producer.raw(), "retried", 0, &low, &high, 5000) ==
          RD_KAFKA_RESP_ERR_NO_ERROR);
  CHECK(high - low == 50);
}

TEST_CASE("producer: a broker that comes back in time gets everything", "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("flaky", 1);
  Producer producer(config_for(cluster.bootstrap_servers()), "flaky");
  produce_all(producer, 5);
  REQUIRE(producer.drain(5000) == 0);
  cluster.set_broker_down(1);
  produce_all(producer, 20, 100);
  long long until = monotonic_now_ns() + 300'000'000;
  while (monotonic_now_ns() < until) producer.poll();
  cluster.set_broker_up(1);
  CHECK(producer.drain(15000) == 0);
  CHECK(producer.counts().delivered == 25);
}

TEST_CASE("producer: undeliverable messages are reported one by one, with their origin",
          "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("down", 1);
  KafkaConfig config = config_for(cluster.bootstrap_servers());
  config.set("message.timeout.ms", "300", "test");
  Producer producer(config, "down");
  std::vector<uint64_t> failed;
  std::vector<std::string> payloads;
  producer.on_delivery_failure([&](uint64_t origin, std::string_view payload, const std::string&) {
    failed.push_back(origin);
    payloads.emplace_back(payload);
  });
  cluster.set_broker_down(1);
  produce_all(producer, 3, 7);
  CHECK(producer.drain(5000) == 3);
  CHECK(producer.counts().failed == 3);
  std::sort(failed.begin(), failed.end());
  CHECK(failed == std::vector<uint64_t>{7, 8, 9});
  CHECK(std::find(payloads.begin(), payloads.end(), "{\"n\":1}") != payloads.end());
  CHECK_FALSE(producer.first_failure().empty());
}

TEST_CASE("producer: a full queue blocks (back-pressure) and never drops", "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("narrow", 1);
  KafkaConfig config = narrow_config(cluster.bootstrap_servers());
  Producer producer(config, "narrow");
  cluster.set_broker_down(1);
  produce_all(producer, 40);  // returns only because timed-out messages make room
  producer.drain(1000);
  const ProducerCounts& c = producer.counts();
  CHECK(c.produced == 40);
  CHECK(c.delivered + c.failed == 40);
  CHECK(c.failed > 0);
}

TEST_CASE("producer: gathered messages meet a full queue: back-pressure, nothing dropped",
          "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("narrow-keyed", 4);
  KafkaConfig config = narrow_config(cluster.bootstrap_servers());
  Producer producer(config, "narrow-keyed");
  std::string err;
  std::string value = "{\"n\":0}";
  REQUIRE(producer.produce(keyed(value, "warm-up", 0), &err));  // learns the partitions
  REQUIRE(producer.drain(5000) == 0);
  cluster.set_broker_down(1);
  std::vector<uint64_t> failed;
  producer.on_delivery_failure(
      [&](uint64_t origin, std::string_view, const std::string&) { failed.push_back(origin); });
  const char* const keys[] = {"k0", "k1", "k2", "k3", "k4"};
  for (int i = 1; i <= 40; ++i) REQUIRE(producer.produce(keyed(value, keys[i % 5], i), &err));
  producer.drain(1000);
  const ProducerCounts& c = producer.counts();
  CHECK(c.produced == 41);
  CHECK(c.delivered + c.failed == 41);
  CHECK(c.failed == failed.size());
  CHECK(c.failed > 0);
}

TEST_CASE("relay: clients bootstrap through kbroker's fixed address", "[kafka][mock-broker]") {
  MockCluster cluster;
  TcpRelay relay("127.0.0.1:0", cluster.first_broker());
  int stop[2];
  REQUIRE(pipe(stop) == 0);
  std::thread thread([&] { relay.run(stop[0]); });
  {
    Producer producer(config_for(relay.address()), "relayed");
    produce_all(producer, 20);
    CHECK(producer.drain(10000) == 0);
  }
  REQUIRE(write(stop[1], "x", 1) == 1);
  thread.join();
  close(stop[0]);
  close(stop[1]);
  std::string host, err;
  int port = 0;
  REQUIRE(parse_host_port(relay.address(), &host, &port, &err));
  CHECK(host == "127.0.0.1");
  CHECK(port > 0);
  CHECK_FALSE(parse_host_port("127.0.0.1", &host, &port, &err));
  CHECK_FALSE(parse_host_port("h:70000", &host, &port, &err));
}

TEST_CASE("consumer: only offsets of flushed lines are committed", "[kafka][mock-broker]") {
  MockCluster cluster;
  cluster.create_topic("commits", 2);
  {
    Producer producer(config_for(cluster.bootstrap_servers()), "commits");
    produce_all(producer, 20);
    REQUIRE(producer.drain(10000) == 0);
  }
  ConsumerSettings settings;
  settings.topics = {"commits"};
  settings.group = "flushers";
  settings.start.kind = StartOffset::kStored;
  settings.exit_at_end = true;
  KafkaConfig config = config_for(cluster.bootstrap_servers());
  config.set("enable.auto.commit", "false", "test");
  Consumer consumer(config, settings);
  int seen = 0;
  long long deadline = monotonic_now_ns() + 20'000'000'000LL;
  std::vector<ConsumedMessage> batch;
  while (!consumer.at_end() && monotonic_now_ns() < deadline) {
    batch.clear();
    consumer.poll(100, &batch, 1);
    for (const ConsumedMessage& m : batch) {
      consumer.written(m);
      if (++seen == 10) consumer.output_flushed();  // the first ten reached the output
    }
  }
  REQUIRE(seen == 20);
  consumer.commit_now();  // the last ten were never flushed

  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(list, "commits", 0);
  rd_kafka_topic_partition_list_add(list, "commits", 1);
  KafkaConfig probe_config = config_for(cluster.bootstrap_servers());
  probe_config.set("group.id", "flushers", "test");
  rd_kafka_conf_t* conf = probe_config.build();
  char errstr[256];
  rd_kafka_t* probe = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  REQUIRE(probe != nullptr);
  REQUIRE(rd_kafka_committed(probe, list, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR);
  int64_t committed = 0;
  for (int i = 0; i < list->cnt; ++i) {
    if (list->elems[i].offset > 0) committed += list->elems[i].offset;
  }
  CHECK(committed == 10);
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(probe);
}
