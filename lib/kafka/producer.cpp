#include "kafka/producer.hpp"

#include <cstdio>
#include <cstring>
#include <vector>

#include "error.hpp"
#include "io/signals.hpp"

namespace rivulet {

namespace {

// librdkafka logs to stderr by default; tools report errors themselves through the hooks.
// With -X debug=... the user asked for librdkafka's own log, so it is left on.
void silent_log(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

std::string format_producer_stats(const ProducerCounts& counts, double seconds) {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f", seconds > 0 ? counts.delivered / seconds : 0.0);
  return "produced " + std::to_string(counts.produced) + ", delivered " +
         std::to_string(counts.delivered) + ", failed " + std::to_string(counts.failed) +
         ", in flight " + std::to_string(counts.in_flight()) + ", " + rate + " msg/s";
}

Producer::Producer(const KafkaConfig& user_config, const std::string& topic, int32_t partition)
    : partition_(partition < 0 ? RD_KAFKA_PARTITION_UA : partition) {
  KafkaConfig config = user_config;
  // Safe by default: no duplicates or reordering on retries, acks from all replicas.
  config.set_default("enable.idempotence", "true");
  // Bounded memory whatever the line length: at most 100000 messages (librdkafka's
  // default) or 64 MiB wait in the queue; beyond that produce() waits (back-pressure).
  config.set_default("queue.buffering.max.kbytes", "65536");
  rd_kafka_conf_t* conf = config.build();
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_dr_msg_cb(conf, delivery_report);
  rd_kafka_conf_set_error_cb(conf, client_error);
  if (!config.has("debug")) rd_kafka_conf_set_log_cb(conf, silent_log);
  char errstr[512];
  handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw Error(std::string("cannot create the producer: ") + errstr);
  }
  topic_ = rd_kafka_topic_new(handle_, topic.c_str(), nullptr);
  if (topic_ == nullptr) {
    std::string why = rd_kafka_err2str(rd_kafka_last_error());
    rd_kafka_destroy(handle_);
    throw Error("topic \"" + topic + "\": " + why);
  }
}

Producer::~Producer() {
  // drain() normally ran; after an exception, do not wait for the broker on the way out.
  rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT |
                              RD_KAFKA_PURGE_F_NON_BLOCKING);
  rd_kafka_topic_destroy(topic_);
  rd_kafka_destroy(handle_);
}

void Producer::delivery_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->counts_.delivered;
    return;
  }
  ++self->counts_.failed;
  // drain() purges what is left when its time is up; say so rather than "Purged in queue".
  bool purged = message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
                message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
  std::string reason = purged ? "timed out waiting for delivery" : rd_kafka_err2str(message->err);
  if (self->first_failure_.empty()) self->first_failure_ = reason;
  if (self->failure_hook_) {
    std::string_view payload(static_cast<const char*>(message->payload),
                             message->payload ? message->len : 0);
    self->failure_hook_(reinterpret_cast<uintptr_t>(message->_private), payload, reason);
  }
}

void Producer::client_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<Producer*>(opaque)->errors_.on_error(rk, err, reason);
}

void Producer::check_fatal() {
  if (!errors_.fatal().empty()) throw Error("the producer cannot continue: " + errors_.fatal());
}

bool Producer::produce(const OutgoingMessage& message, std::string* err) {
  // Reused between calls: one allocation for the life of the producer.
  thread_local std::vector<rd_kafka_vu_t> args;
  args.clear();
  auto add = [](rd_kafka_vtype_t type) {
    args.emplace_back();
    std::memset(&args.back(), 0, sizeof args.back());
    args.back().vtype = type;
    return &args.back().u;
  };
  add(RD_KAFKA_VTYPE_RKT)->rkt = topic_;
  add(RD_KAFKA_VTYPE_PARTITION)->i32 = partition_;
  add(RD_KAFKA_VTYPE_MSGFLAGS)->i = RD_KAFKA_MSG_F_COPY;
  auto* value = add(RD_KAFKA_VTYPE_VALUE);
  if (!message.null_value) {
    value->mem.ptr = const_cast<char*>(message.value.data());
    value->mem.size = message.value.size();
  }
  if (message.has_key) {
    auto* key = add(RD_KAFKA_VTYPE_KEY);
    key->mem.ptr = const_cast<char*>(message.key.data());
    key->mem.size = message.key.size();
  }
  if (message.timestamp_ms != 0) add(RD_KAFKA_VTYPE_TIMESTAMP)->i64 = message.timestamp_ms;
  for (const auto& h : message.headers) {
    auto* header = add(RD_KAFKA_VTYPE_HEADER);
    header->header.name = h.name.c_str();
    header->header.val = h.null_value ? nullptr : h.value.data();
    header->header.size = h.null_value ? 0 : static_cast<ssize_t>(h.value.size());
  }
  add(RD_KAFKA_VTYPE_OPAQUE)->ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(message.origin));

  for (;;) {
    rd_kafka_error_t* error = rd_kafka_produceva(handle_, args.data(), args.size());
    if (error == nullptr) {
      ++counts_.produced;
      return true;
    }
    rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    std::string text = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (stop_requested()) {
        // Asked to stop while the broker is not keeping up: report rather than wait.
        ++counts_.produced;
        ++counts_.failed;
        std::string reason = "not sent: stopped while the producer queue was full";
        if (first_failure_.empty()) first_failure_ = reason;
        if (failure_hook_) failure_hook_(message.origin, message.value, reason);
        return true;
      }
      rd_kafka_poll(handle_, 50);
      check_fatal();
      continue;
    }
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
      check_fatal();
      throw Error("the producer cannot continue: " + text);
    }
    *err = text;
    return false;
  }
}

void Producer::poll() {
  rd_kafka_poll(handle_, 0);
  check_fatal();
}

uint64_t Producer::drain(int64_t timeout_ms) {
  long long deadline = monotonic_now_ns() + timeout_ms * 1000000;
  while (counts_.in_flight() > 0) {
    long long left_ms = (deadline - monotonic_now_ns()) / 1000000;
    if (left_ms <= 0) break;
    rd_kafka_flush(handle_, static_cast<int>(left_ms < 100 ? left_ms : 100));
  }
  if (counts_.in_flight() > 0) {
    // Out of time: fail what is left so every message gets its delivery report.
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    for (int i = 0; i < 50 && counts_.in_flight() > 0; ++i) rd_kafka_poll(handle_, 10);
  }
  return counts_.failed + counts_.in_flight();
}

}  // namespace rivulet
