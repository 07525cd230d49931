#pragma once
// A librdkafka producer with back-pressure and delivery accounting, for kpub.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>
#include <string>

#include "kafka/client_errors.hpp"
#include "kafka/kafka_config.hpp"
#include "kafka/key_partitioner.hpp"
#include "kafka/message_sink.hpp"
#include "kafka/partition_batches.hpp"
#include "time/clock.hpp"

namespace rivulet {

struct ProducerCounts {
  uint64_t produced = 0;   // queued in librdkafka
  uint64_t delivered = 0;  // acknowledged by the broker
  uint64_t failed = 0;     // reported as failed (timed out, rejected, purged)
  uint64_t in_flight() const { return produced - delivered - failed; }
};

// Called for each message whose delivery failed, with its OutgoingMessage::origin, its
// payload and librdkafka's reason, from inside poll()/produce()/drain() on the caller's
// thread. kpub reports the line and keeps it in the reject file.
using DeliveryFailureHook =
    std::function<void(uint64_t origin, std::string_view payload, const std::string& reason)>;
// Called with client-level errors (broker unreachable, authentication) as they happen, on
// the caller's thread; consecutive repeats are not passed on.

class Producer : public MessageSink {
 public:
  static constexpr size_t kMaxGatheredBytes = 1 << 20;

  // `config` holds bootstrap.servers and the user's -X/-F settings. partition < 0 lets the
  // partitioner choose (by key). `clock` (default: the system's) times the waits. Throws
  // rivulet::Error on a bad configuration.
  Producer(const KafkaConfig& config, const std::string& topic, int32_t partition = -1,
           const Clock* clock = nullptr);
  ~Producer() override;
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  void on_delivery_failure(DeliveryFailureHook hook) { failure_hook_ = std::move(hook); }
  void on_client_error(ClientErrorHook hook) { errors_.set_hook(std::move(hook)); }

  // MessageSink. While librdkafka's queue is full, serves delivery reports and retries
  // (back-pressure). If a stop is requested while waiting, the message is counted as failed
  // and reported through the failure hook instead of waiting for room indefinitely.
  //
  // A message that is only a value and a key (no headers, no timestamp) bound for a known
  // partition count is gathered per partition and handed to librdkafka a partition at a
  // time (rd_kafka_produce_batch), once kMaxGatheredBytes are held or at flush(). Keys
  // spread messages over all partitions, and librdkafka's per-message path then pays a
  // partitioner call, a partition lock and often a wake-up of its broker thread for each
  // message; in runs per partition kpub -k is ~25% faster. The key's partition is computed
  // with librdkafka's own configured partitioner, so keys land where they always would.
  // Order is kept per partition, which is all Kafka orders.
  bool produce(const OutgoingMessage& message, std::string* err) override;

  // Hands gathered messages to librdkafka. Call before waiting for input, so nothing sits
  // here while the input is quiet; drain() calls it too.
  void flush();

  // Serves pending delivery reports without blocking. Call regularly.
  void poll();

  // Waits up to timeout_ms for any broker to answer a metadata request. False if none did
  // (down, wrong address): the caller can give up at once instead of letting every message
  // wait out message.timeout.ms. Client errors seen meanwhile go to the error hook.
  bool wait_for_broker(int timeout_ms);

  // Waits up to timeout_ms for every queued message's delivery report; messages still
  // undelivered then are purged and reported as failed. Returns the number of messages not
  // delivered, in total since the start.
  uint64_t drain(int64_t timeout_ms);

  const ProducerCounts& counts() const { return counts_; }
  // How many messages went to librdkafka in per-partition runs rather than one by one.
  uint64_t produced_in_runs() const { return produced_in_runs_; }
  // The reason of the first failed delivery, or "".
  const std::string& first_failure() const { return first_failure_; }
  // The last client-level error seen, or "" (e.g. why the broker is unreachable).
  const std::string& last_client_error() const { return errors_.last(); }

  rd_kafka_t* raw() { return handle_; }

 private:
  static void delivery_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);
  static void client_error(rd_kafka_t*, int err, const char* reason, void* opaque);
  void check_fatal();
  // The partition to gather `message` for, or -1 to produce it on its own.
  int32_t gather_partition(const OutgoingMessage& message);
  void learn_partition_count();
  bool produce_one(const OutgoingMessage& message, std::string* err);
  void produce_run(int32_t partition, const std::vector<BatchedMessage>& run);
  void fail(uint64_t origin, std::string_view payload, const std::string& reason);

  const Clock* clock_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_topic_t* topic_ = nullptr;
  int32_t partition_;
  PartitionerFn partitioner_ = nullptr;  // nullptr: a partitioner kpub cannot reproduce
  int32_t partition_count_ = 0;          // 0 while unknown
  int64_t next_metadata_ns_ = 0;
  PartitionBatches gathered_;
  std::vector<rd_kafka_message_t> run_;
  ProducerCounts counts_;
  uint64_t produced_in_runs_ = 0;
  std::string first_failure_;
  DeliveryFailureHook failure_hook_;
  ClientErrors errors_;
};

}  // namespace rivulet
