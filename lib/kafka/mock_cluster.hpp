#pragma once
// librdkafka's in-memory mock cluster: the real Kafka protocol on loopback ports, for kbroker
// and for tests that inject broker faults.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rivulet {

// What librdkafka 2.0's mock keeps per partition before it evicts the oldest message sets
// (rdkafka_mock.c): 5 MiB or 100,000 message sets, whichever is reached first.
constexpr uint64_t kMockPartitionMaxBytes = 5u * 1024 * 1024;
constexpr uint64_t kMockPartitionMaxMessageSets = 100000;
// Partitions the mock gives a topic it creates on first use.
constexpr int kMockAutoCreatePartitions = 4;

// Owns a mock cluster and the librdkafka handle it lives in. Everything is in memory.
class MockCluster {
 public:
  // Throws rivulet::Error if the cluster cannot be created.
  explicit MockCluster(int brokers = 1);
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:PORT,..." with each broker's own listener.
  std::string bootstrap_servers() const;
  // The first broker's "HOST:PORT".
  std::string first_broker() const;
  int brokers() const { return brokers_; }

  // Throws rivulet::Error if librdkafka refuses (e.g. the topic exists).
  void create_topic(const std::string& name, int partitions);

  // Fault injection for tests.
  void set_broker_down(int32_t broker_id);
  void set_broker_up(int32_t broker_id);
  // The next errors.size() requests of `api_key` (RD_KAFKAP_Produce is 0) fail with them.
  void push_request_errors(int16_t api_key, const std::vector<rd_kafka_resp_err_t>& errors);

  rd_kafka_mock_cluster_t* raw() { return cluster_; }

 private:
  int brokers_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

// Parses "NAME:PARTITIONS" (kbroker --topic). Returns false with *err on bad text.
bool parse_topic_spec(const std::string& text, std::string* name, int* partitions,
                      std::string* err);

}  // namespace rivulet
