#include "kafka/producer.hpp"

#include <cstring>
#include <vector>

#include "error.hpp"
#include "io/signals.hpp"

namespace rivulet {

namespace {

// librdkafka logs to stderr by default; tools report errors themselves through the hooks.
// With -X debug=... the user asked for librdkafka's own log, so it is left on.
void silent_log(const rd_kafka_t*, int, const char*, const char*) {}

const char* const kStoppedWhileFull = "not sent: stopped while the producer queue was full";

}  // namespace

Producer::Producer(const KafkaConfig& user_config, const std::string& topic, int32_t partition,
                   const Clock* clock)
    : clock_(clock != nullptr ? clock : &system_clock()),
      partition_(partition < 0 ? RD_KAFKA_PARTITION_UA : partition) {
  KafkaConfig config = user_config;
  // Safe by default: no duplicates or reordering on retries, acks from all replicas.
  config.set_default("enable.idempotence", "true");
  // Bounded memory whatever the line length: at most 100000 messages (librdkafka's
  // default) or 64 MiB wait in the queue; beyond that produce() waits (back-pressure).
  config.set_default("queue.buffering.max.kbytes", "65536");
  rd_kafka_conf_t* conf = config.build();
  if (partition_ == RD_KAFKA_PARTITION_UA) {
    char name[64] = "";
    size_t size = sizeof name;
    const rd_kafka_topic_conf_t* topic_conf = rd_kafka_conf_get_default_topic_conf(conf);
    if (topic_conf != nullptr &&
        rd_kafka_topic_conf_get(topic_conf, "partitioner", name, &size) != RD_KAFKA_CONF_OK) {
      name[0] = '\0';
    }
    partitioner_ = builtin_partitioner(name);
  }
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
  rd_kafka_purge(
      handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT | RD_KAFKA_PURGE_F_NON_BLOCKING);
  rd_kafka_topic_destroy(topic_);
  rd_kafka_destroy(handle_);
}

void Producer::delivery_report(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++self->counts_.delivered;
    return;
  }
  // drain() purges what is left when its time is up; say so rather than "Purged in queue".
  bool purged = message->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
                message->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
  std::string_view payload(static_cast<const char*>(message->payload),
                           message->payload ? message->len : 0);
  self->fail(reinterpret_cast<uintptr_t>(message->_private), payload,
             purged ? "timed out waiting for delivery" : rd_kafka_err2str(message->err));
}

void Producer::client_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<Producer*>(opaque)->errors_.on_error(rk, err, reason);
}

void Producer::check_fatal() {
  if (!errors_.fatal().empty()) throw Error("the producer cannot continue: " + errors_.fatal());
}

bool Producer::produce(const OutgoingMessage& message, std::string* err) {
  int32_t partition = gather_partition(message);
  if (partition < 0) {
    // Anything gathered goes first, so the order within each partition is the input's.
    flush();
    return produce_one(message, err);
  }
  gathered_.add(partition, message.value, message.key, message.origin);
  ++counts_.produced;
  if (gathered_.bytes() >= kMaxGatheredBytes) flush();
  return true;
}

int32_t Producer::gather_partition(const OutgoingMessage& message) {
  if (message.null_value || !message.headers.empty() || message.timestamp_ms != 0) return -1;
  if (partition_ != RD_KAFKA_PARTITION_UA) return partition_;
  if (!message.has_key || partitioner_ == nullptr) return -1;
  if (partition_count_ == 0) {
    if (clock_->now_ns() < next_metadata_ns_) return -1;
    learn_partition_count();
    if (partition_count_ == 0) return -1;
  }
  return partitioner_(topic_, message.key.data(), message.key.size(), partition_count_, nullptr,
                      nullptr);
}

bool Producer::wait_for_broker(int timeout_ms) {
  const rd_kafka_metadata_t* metadata = nullptr;
  // Brokers only (all_topics=0 without a topic): nothing is created by asking.
  rd_kafka_resp_err_t err = rd_kafka_metadata(handle_, 0, nullptr, &metadata, timeout_ms);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_metadata_destroy(metadata);
  rd_kafka_poll(handle_, 0);  // serves the error callback: why no broker answered
  return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

void Producer::learn_partition_count() {
  // Asked at the first keyed message and again now and then, since partitions can be added
  // to a topic. Until the broker answers (down, or the topic is being auto-created), keyed
  // messages go one by one and librdkafka partitions them itself.
  const rd_kafka_metadata_t* metadata = nullptr;
  int32_t count = 0;
  if (rd_kafka_metadata(handle_, 0, topic_, &metadata, 1000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (metadata->topic_cnt == 1 && metadata->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      count = metadata->topics[0].partition_cnt;
    }
    rd_kafka_metadata_destroy(metadata);
  }
  if (count != partition_count_) flush();
  partition_count_ = count;
  next_metadata_ns_ = clock_->now_ns() + (count > 0 ? 60'000'000'000LL : 10'000'000'000LL);
}

void Producer::flush() {
  if (gathered_.empty()) return;
  gathered_.for_each_partition([this](int32_t partition, const std::vector<BatchedMessage>& run) {
    produce_run(partition, run);
  });
  gathered_.clear();
  if (partition_count_ > 0 && clock_->now_ns() >= next_metadata_ns_) learn_partition_count();
}

void Producer::produce_run(int32_t partition, const std::vector<BatchedMessage>& run) {
  produced_in_runs_ += run.size();
  run_.resize(run.size());
  for (size_t i = 0; i < run.size(); ++i) {
    rd_kafka_message_t& m = run_[i];
    std::memset(&m, 0, sizeof m);
    m.payload = const_cast<char*>(run[i].value.data());
    m.len = run[i].value.size();
    m.key = const_cast<char*>(run[i].key.data());
    m.key_len = run[i].key.size();
    m._private = reinterpret_cast<void*>(static_cast<uintptr_t>(run[i].origin));
  }
  size_t done = 0;
  while (done < run_.size()) {
    rd_kafka_produce_batch(topic_, partition, RD_KAFKA_MSG_F_COPY, run_.data() + done,
                           static_cast<int>(run_.size() - done));
    // librdkafka marks each message; once the queue is full it fails all that follow, so
    // what is left to retry is a tail and the order holds.
    size_t full_at = run_.size();
    for (size_t i = done; i < run_.size(); ++i) {
      rd_kafka_resp_err_t code = run_[i].err;
      if (code == RD_KAFKA_RESP_ERR_NO_ERROR) continue;
      if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        full_at = i;
        break;
      }
      if (code == RD_KAFKA_RESP_ERR__FATAL) check_fatal();
      fail(run[i].origin, run[i].value, rd_kafka_err2str(code));
    }
    done = full_at;
    if (done == run_.size()) break;
    if (stop_requested()) {
      for (size_t i = done; i < run_.size(); ++i)
        fail(run[i].origin, run[i].value, kStoppedWhileFull);
      break;
    }
    rd_kafka_poll(handle_, 50);
    check_fatal();
  }
}

void Producer::fail(uint64_t origin, std::string_view payload, const std::string& reason) {
  ++counts_.failed;
  if (first_failure_.empty()) first_failure_ = reason;
  if (failure_hook_) failure_hook_(origin, payload, reason);
}

bool Producer::produce_one(const OutgoingMessage& message, std::string* err) {
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
        fail(message.origin, message.value, kStoppedWhileFull);
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
  flush();
  int64_t deadline = clock_->now_ns() + timeout_ms * 1000000;
  while (counts_.in_flight() > 0) {
    int64_t left_ms = (deadline - clock_->now_ns()) / 1000000;
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
