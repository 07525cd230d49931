#include "kafka/eviction_watch.hpp"

#include <fmt/format.h>
#include <poll.h>

#include <memory>

#include "error.hpp"

namespace rivulet {

namespace {

// The watch's client would log connection chatter on stderr; lib stays silent.
void silent_log(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

std::string describe_evictions(const std::map<TopicPartition, int64_t>& evicted) {
  int64_t total = 0;
  std::string parts;
  for (const auto& [tp, n] : evicted) {
    total += n;
    parts += fmt::format("{}{}[{}] {}", parts.empty() ? "" : ", ", tp.topic, tp.partition, n);
  }
  if (total == 0) return "no messages";
  return fmt::format("{} message{} ({})", total, total == 1 ? "" : "s", parts);
}

EvictionWatch::EvictionWatch(const std::string& bootstrap) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, silent_log);
  char errstr[512];
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), errstr, sizeof errstr) !=
      RD_KAFKA_CONF_OK) {
    rd_kafka_conf_destroy(conf);
    throw Error(std::string("eviction watch: ") + errstr);
  }
  // Only asks for metadata and offsets: a producer handle has no group to join.
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw Error(std::string("eviction watch: ") + errstr);
  }
}

EvictionWatch::~EvictionWatch() {
  stop();
  rd_kafka_destroy(handle_);
}

std::vector<Eviction> EvictionWatch::check(int timeout_ms) {
  std::vector<Eviction> first;
  const rd_kafka_metadata_t* metadata = nullptr;
  if (rd_kafka_metadata(handle_, 1, nullptr, &metadata, timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return first;
  }
  std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)> guard(
      metadata, rd_kafka_metadata_destroy);
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const rd_kafka_metadata_topic& topic = metadata->topics[t];
    for (int p = 0; p < topic.partition_cnt; ++p) {
      int32_t id = topic.partitions[p].id;
      int64_t low = 0, high = 0;
      if (rd_kafka_query_watermark_offsets(handle_, topic.topic, id, &low, &high, timeout_ms) !=
              RD_KAFKA_RESP_ERR_NO_ERROR ||
          low <= 0) {
        continue;
      }
      auto [it, added] = evicted_.try_emplace(TopicPartition{topic.topic, id}, low);
      if (added) {
        first.push_back({topic.topic, id, low});
      } else if (low > it->second) {
        it->second = low;
      }
    }
  }
  return first;
}

void EvictionWatch::start(int stop_fd, int interval_ms,
                          std::function<void(const Eviction&)> on_first) {
  stop();
  stopping_ = false;
  thread_ = std::thread([this, stop_fd, interval_ms, on_first = std::move(on_first)] {
    // Short naps, so stop() does not wait out a whole interval.
    const int nap_ms = 100;
    for (int slept = 0; !stopping_;) {
      pollfd fd{stop_fd, POLLIN, 0};
      if (::poll(&fd, 1, nap_ms) != 0) return;  // stop requested (or poll failed)
      slept += nap_ms;
      if (slept < interval_ms) continue;
      slept = 0;
      for (const Eviction& e : check()) on_first(e);
    }
  });
}

void EvictionWatch::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

int64_t EvictionWatch::total() const {
  int64_t sum = 0;
  for (const auto& [tp, n] : evicted_) sum += n;
  return sum;
}

}  // namespace rivulet
