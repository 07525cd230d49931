#pragma once
// kbroker's mock cluster drops a partition's oldest messages once it holds 5 MiB or 100,000
// message sets, and tells no one. EvictionWatch reads every partition's first offset through
// a client of its own: the mock numbers a partition's messages from 0, so a first offset of N
// means N messages were evicted.

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "kafka/partition_progress.hpp"

namespace rivulet {

struct Eviction {
  std::string topic;
  int32_t partition = 0;
  int64_t evicted = 0;  // messages gone so far: the partition now starts at this offset
};

// Sums and formats what was evicted: "123 messages (frames[0] 100, frames[2] 23)".
std::string describe_evictions(const std::map<TopicPartition, int64_t>& evicted);

class EvictionWatch {
 public:
  // A client of the cluster at `bootstrap`. Throws rivulet::Error if it cannot be created.
  explicit EvictionWatch(const std::string& bootstrap);
  ~EvictionWatch();
  EvictionWatch(const EvictionWatch&) = delete;
  EvictionWatch& operator=(const EvictionWatch&) = delete;

  // Looks at every partition once. Returns the partitions that have lost messages for the
  // first time since the watch began. A partition that cannot be asked is skipped this time.
  std::vector<Eviction> check(int timeout_ms = 2000);

  // Calls check() every `interval_ms` on a thread of its own, handing each first eviction to
  // `on_first` (on that thread), until `stop_fd` becomes readable or stop() is called.
  void start(int stop_fd, int interval_ms, std::function<void(const Eviction&)> on_first);
  // Ends the thread (within interval_ms); check(), evicted() and total() are then safe again.
  void stop();

  // Messages evicted so far per partition (only partitions that lost some), as last seen.
  const std::map<TopicPartition, int64_t>& evicted() const { return evicted_; }
  int64_t total() const;

 private:
  rd_kafka_t* handle_ = nullptr;
  std::map<TopicPartition, int64_t> evicted_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
};

}  // namespace rivulet
