#include "kafka/mock_cluster.hpp"

#include <cstdlib>

#include "error.hpp"

namespace rivulet {

namespace {

// The mock's own client handle would log connection chatter on stderr; lib stays silent.
void silent_log(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

MockCluster::MockCluster(int brokers) : brokers_(brokers) {
  if (brokers < 1) throw Error("the mock cluster needs at least one broker");
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, silent_log);
  char errstr[512];
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw Error(std::string("cannot create the mock cluster's handle: ") + errstr);
  }
  cluster_ = rd_kafka_mock_cluster_new(handle_, brokers);
  if (cluster_ == nullptr) {
    rd_kafka_destroy(handle_);
    throw Error("cannot create the mock cluster");
  }
}

MockCluster::~MockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

std::string MockCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_);
}

std::string MockCluster::first_broker() const {
  std::string all = bootstrap_servers();
  return all.substr(0, all.find(','));
}

void MockCluster::create_topic(const std::string& name, int partitions) {
  int replication = brokers_ < 3 ? brokers_ : 3;
  rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, replication);
  if (err) throw Error("cannot create topic \"" + name + "\": " + rd_kafka_err2str(err));
}

void MockCluster::set_broker_down(int32_t broker_id) {
  rd_kafka_mock_broker_set_down(cluster_, broker_id);
}

void MockCluster::set_broker_up(int32_t broker_id) {
  rd_kafka_mock_broker_set_up(cluster_, broker_id);
}

void MockCluster::push_request_errors(int16_t api_key,
                                      const std::vector<rd_kafka_resp_err_t>& errors) {
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, errors.size(), errors.data());
}

bool parse_topic_spec(const std::string& text, std::string* name, int* partitions,
                      std::string* err) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    *err = "\"" + text + "\": expected NAME:PARTITIONS";
    return false;
  }
  const char* digits = text.c_str() + colon + 1;
  char* end = nullptr;
  long n = std::strtol(digits, &end, 10);
  if (*end != '\0' || n < 1 || n > 100000) {
    *err = "\"" + text + "\": PARTITIONS must be a whole number from 1 to 100000";
    return false;
  }
  *name = text.substr(0, colon);
  *partitions = static_cast<int>(n);
  return true;
}

}  // namespace rivulet
