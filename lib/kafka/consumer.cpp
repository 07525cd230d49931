#include "kafka/consumer.hpp"

#include <cstring>
#include <memory>
#include <utility>

#include "error.hpp"

namespace rivulet {

namespace {

void silent_log(const rd_kafka_t*, int, const char*, const char*) {}

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  for (int i = 0; i < list->cnt; ++i)
    out.push_back({list->elems[i].topic, list->elems[i].partition});
  return out;
}

using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t,
                                      decltype(&rd_kafka_topic_partition_list_destroy)>;

PartitionList new_list(int size) {
  return PartitionList(rd_kafka_topic_partition_list_new(size),
                       rd_kafka_topic_partition_list_destroy);
}

}  // namespace

ConsumedMessage consumed_message(rd_kafka_message_t* m, bool metadata) {
  ConsumedMessage c;
  c.storage = {m, [](void* p) { rd_kafka_message_destroy(static_cast<rd_kafka_message_t*>(p)); }};
  c.topic = rd_kafka_topic_name(m->rkt);
  c.partition = m->partition;
  c.offset = m->offset;
  if (m->payload != nullptr)
    c.value = std::string_view(static_cast<const char*>(m->payload), m->len);
  if (m->key != nullptr) c.key = std::string_view(static_cast<const char*>(m->key), m->key_len);
  rd_kafka_timestamp_type_t type;
  c.timestamp_ms = rd_kafka_message_timestamp(m, &type);
  if (type == RD_KAFKA_TIMESTAMP_CREATE_TIME) c.timestamp_type = "create";
  if (type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME) c.timestamp_type = "logappend";
  if (!metadata) return c;
  c.broker = rd_kafka_message_broker_id(m);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    c.has_headers = true;
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == 0; ++i) {
      std::optional<std::string_view> v;
      if (value != nullptr) v = std::string_view(static_cast<const char*>(value), size);
      c.headers.emplace_back(name, v);
    }
  }
  return c;
}

Consumer::Consumer(const KafkaConfig& user_config, ConsumerSettings settings)
    : settings_(std::move(settings)), ledger_(!settings_.group.empty() && !settings_.checkpoint) {
  KafkaConfig config = user_config;
  bool group = !settings_.group.empty();
  if (group) {
    config.set("group.id", settings_.group, "-G");
    // Offsets are stored by output_flushed() only, never when librdkafka hands a message
    // over: what is committed has been written (at-least-once).
    config.set("enable.auto.offset.store", "false", "ksub");
    config.set_default("auto.commit.interval.ms", "1000");
    // --checkpoint commits only what the sink acknowledged, explicitly (commit()).
    if (settings_.checkpoint) config.set("enable.auto.commit", "false", "--checkpoint");
    // A killed member is noticed after 6 s instead of 45 s (the smallest a broker allows by
    // default), so a restarted ksub resumes quickly; kbroker's mock also waits this long
    // after the last member left before it forms the group again.
    config.set_default("session.timeout.ms", "6000");
    config.set_default("heartbeat.interval.ms", "1000");
    config.set_default("auto.offset.reset",
                       settings_.start.kind == StartOffset::kEnd ? "latest" : "earliest");
  } else {
    // librdkafka's consumer queue exists only with a group id; without -G it only names
    // this client: nothing subscribes to it or commits under it.
    config.set_default("group.id", "rivulet-ksub");
    config.set("enable.auto.commit", "false", "ksub");
    config.set("enable.auto.offset.store", "false", "ksub");
  }
  // Ends tell -e when to stop, and the event-time merge that a partition has nothing more.
  config.set("enable.partition.eof", "true", "ksub");
  // Throughput as kcat users tune it: fetch whatever is there at once rather than waiting
  // for fetch.min.bytes, and keep a deep local queue.
  config.set_default("fetch.wait.max.ms", "100");
  config.set_default("queued.min.messages", "1000000");
  rd_kafka_conf_t* conf = config.build();
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_error_cb(conf, client_error);
  if (group) rd_kafka_conf_set_rebalance_cb(conf, rebalance);
  if (!config.has("debug")) rd_kafka_conf_set_log_cb(conf, silent_log);
  char errstr[512];
  handle_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (handle_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw Error(std::string("cannot create the consumer: ") + errstr);
  }
  rd_kafka_poll_set_consumer(handle_);
  queue_ = rd_kafka_queue_get_consumer(handle_);
  try {
    if (queue_ == nullptr) throw Error("the consumer has no message queue");
    if (group) {
      PartitionList topics = new_list(static_cast<int>(settings_.topics.size()));
      for (const auto& t : settings_.topics) {
        rd_kafka_topic_partition_list_add(topics.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
      }
      rd_kafka_resp_err_t err = rd_kafka_subscribe(handle_, topics.get());
      if (err) throw Error(std::string("cannot subscribe: ") + rd_kafka_err2str(err));
    } else {
      assign_directly();
    }
  } catch (...) {
    if (queue_ != nullptr) rd_kafka_queue_destroy(queue_);
    rd_kafka_destroy(handle_);
    throw;
  }
}

Consumer::~Consumer() {
  if (!closed_) rd_kafka_consumer_close(handle_);
  rd_kafka_queue_destroy(queue_);
  rd_kafka_destroy(handle_);
}

void Consumer::assign_directly() {
  PartitionList list = new_list(16);
  for (const auto& name : settings_.topics) {
    rd_kafka_topic_t* topic = rd_kafka_topic_new(handle_, name.c_str(), nullptr);
    const rd_kafka_metadata_t* metadata = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(handle_, 0, topic, &metadata, 10000);
    rd_kafka_topic_destroy(topic);
    if (err) {
      throw Error("cannot read the partitions of topic \"" + name + "\": " + rd_kafka_err2str(err) +
                  last_error_suffix());
    }
    std::unique_ptr<const rd_kafka_metadata_t, decltype(&rd_kafka_metadata_destroy)> guard(
        metadata, rd_kafka_metadata_destroy);
    const rd_kafka_metadata_topic& t = metadata->topics[0];
    if (t.err) throw Error("topic \"" + name + "\": " + rd_kafka_err2str(t.err));
    bool found = false;
    for (int i = 0; i < t.partition_cnt; ++i) {
      int32_t p = t.partitions[i].id;
      if (settings_.partition >= 0 && p != settings_.partition) continue;
      found = true;
      rd_kafka_topic_partition_t* tp =
          rd_kafka_topic_partition_list_add(list.get(), name.c_str(), p);
      const StartOffset& s = settings_.start;
      switch (s.kind) {
        case StartOffset::kBeginning:
          tp->offset = RD_KAFKA_OFFSET_BEGINNING;
          break;
        case StartOffset::kEnd:
          tp->offset = RD_KAFKA_OFFSET_END;
          break;
        case StartOffset::kStored:
          tp->offset = RD_KAFKA_OFFSET_STORED;
          break;
        case StartOffset::kAbsolute:
          tp->offset = s.value;
          break;
        case StartOffset::kTail:
          tp->offset = RD_KAFKA_OFFSET_TAIL(s.value);
          break;
        case StartOffset::kTimestamp:
          tp->offset = s.value;
          break;
      }
    }
    if (!found) {
      throw Error("topic \"" + name + "\" has no partition " + std::to_string(settings_.partition));
    }
  }
  if (settings_.start.kind == StartOffset::kTimestamp) {
    look_up_timestamps(list.get());
  }
  gaps_.expect_all(list.get());
  rd_kafka_resp_err_t err = rd_kafka_assign(handle_, list.get());
  if (err) throw Error(std::string("cannot assign partitions: ") + rd_kafka_err2str(err));
  progress_.assign(to_vector(list.get()));
}

void Consumer::look_up_timestamps(rd_kafka_topic_partition_list_t* list) {
  std::string what = "-o @" + std::to_string(settings_.start.value);
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(handle_, list, 10000);
  for (int i = 0; !err && i < list->cnt; ++i) err = list->elems[i].err;
  if (err) throw Error(what + ": offset lookup by timestamp failed: " + rd_kafka_err2str(err));
  for (int i = 0; i < list->cnt; ++i) {
    rd_kafka_topic_partition_t& tp = list->elems[i];
    if (tp.offset >= 0) continue;
    // -1 means no message at or after the time, so reading starts at the end. A broker
    // without the lookup (kbroker's mock) says -1 for every time: ask for time 0 on a
    // partition that has messages to tell the two apart.
    int64_t low = 0, high = 0;
    rd_kafka_query_watermark_offsets(handle_, tp.topic, tp.partition, &low, &high, 10000);
    if (high > low) {
      PartitionList probe = new_list(1);
      rd_kafka_topic_partition_list_add(probe.get(), tp.topic, tp.partition)->offset = 0;
      if (rd_kafka_offsets_for_times(handle_, probe.get(), 10000) == RD_KAFKA_RESP_ERR_NO_ERROR &&
          probe->elems[0].offset < 0) {
        throw Error(what +
                    ": the broker has no offset lookup by timestamp (kbroker's mock "
                    "cluster does not); use -o beginning, end, N or -N");
      }
    }
    tp.offset = RD_KAFKA_OFFSET_END;
  }
}

std::string Consumer::last_error_suffix() const {
  return errors_.last().empty() ? "" : " (" + errors_.last() + ")";
}

void Consumer::rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  auto* self = static_cast<Consumer*>(opaque);
  bool cooperative = std::string(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    std::vector<std::pair<TopicPartition, int64_t>> resume =
        self->ledger_.assign(to_vector(partitions));
    for (const auto& [tp, next] : resume) {
      rd_kafka_topic_partition_list_find(partitions, tp.topic.c_str(), tp.partition)->offset = next;
    }
    self->gaps_.expect_committed(rk, partitions, self->settings_.start.kind != StartOffset::kEnd);
    if (self->settings_.checkpoint) self->read_committed(partitions);
    self->progress_.assign(to_vector(partitions));
    if (cooperative) {
      rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions);
      if (e) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, partitions);
    }
    if (!resume.empty()) {
      // Stored again so the next commit carries them.
      PartitionList list = new_list(static_cast<int>(resume.size()));
      for (const auto& [tp, next] : resume) {
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset =
            next;
      }
      rd_kafka_offsets_store(rk, list.get());
    }
    return;
  }
  // Revoked (or lost): commit what was written before the partitions go to another member,
  // so it does not read them again.
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS || self->settings_.checkpoint) {
    try {
      if (self->flush_output_) self->flush_output_();
      self->output_flushed();
      if (!self->settings_.checkpoint) self->commit_now();
    } catch (...) {
      // No exception may cross librdkafka's C frames: poll() rethrows it.
      self->revoke_failure_ = std::current_exception();
    }
  }
  self->progress_.revoke(to_vector(partitions));
  self->ledger_.revoke(to_vector(partitions));
  if (self->settings_.checkpoint) {
    for (const auto& tp : to_vector(partitions)) self->checkpoint_revoked_.push_back(tp);
  }
  self->gaps_.forget(partitions);
  if (cooperative) {
    rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions);
    if (e) rd_kafka_error_destroy(e);
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

void Consumer::client_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<Consumer*>(opaque)->errors_.on_error(rk, err, reason);
}

void Consumer::poll(int timeout_ms, std::vector<ConsumedMessage>* out, size_t max) {
  raw_batch_.resize(max);
  // A batch call waits for a whole batch or the timeout: wait for the first message alone,
  // so what arrives is handed over at once (ksub's merge waits for one partition's fetch).
  size_t got = 0;
  if (timeout_ms > 0 && max > 0) {
    rd_kafka_message_t* first = rd_kafka_consume_queue(queue_, timeout_ms);
    if (first != nullptr) raw_batch_[got++] = first;
  }
  if (got > 0 || timeout_ms <= 0) {
    ssize_t n = rd_kafka_consume_batch_queue(queue_, 0, raw_batch_.data() + got, max - got);
    if (n > 0) got += static_cast<size_t>(n);
  }
  raw_batch_.resize(got);
  // Each message is owned (a ConsumedMessage) or destroyed as it is looked at; an error
  // thrown before or midway destroys the rest.
  size_t next = 0;
  struct RestGuard {
    std::vector<rd_kafka_message_t*>& batch;
    size_t& next;
    ~RestGuard() {
      for (size_t i = next; i < batch.size(); ++i) rd_kafka_message_destroy(batch[i]);
      batch.clear();
    }
  } guard{raw_batch_, next};
  if (revoke_failure_) std::rethrow_exception(std::exchange(revoke_failure_, nullptr));
  if (!errors_.fatal().empty()) throw Error("the consumer cannot continue: " + errors_.fatal());
  while (next < raw_batch_.size()) {
    rd_kafka_message_t* m = raw_batch_[next++];
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      TopicPartition tp{rd_kafka_topic_name(m->rkt), m->partition};
      // A rebalance served inside this very poll may have revoked the partition after the
      // message was fetched: its new owner reads it from the committed offset, so writing it
      // here as well would duplicate it.
      if (!progress_.is_assigned(tp)) {
        rd_kafka_message_destroy(m);
        continue;
      }
      if (auto gap = gaps_.arrived(tp, m->offset)) errors_.report(*gap);
      // In batch order, so an end event after this message in the batch still counts.
      progress_.received(tp);
      out->push_back(consumed_message(m, settings_.metadata));
      continue;
    }
    // Destroyed on leaving this iteration, also by a throw.
    std::unique_ptr<rd_kafka_message_t, decltype(&rd_kafka_message_destroy)> event(
        m, rd_kafka_message_destroy);
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      progress_.reached_end({rd_kafka_topic_name(m->rkt), m->partition});
    } else if (m->err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART ||
               m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
               m->err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION) {
      std::string topic = m->rkt ? rd_kafka_topic_name(m->rkt) : "?";
      throw Error("topic \"" + topic + "\": " + rd_kafka_message_errstr(m));
    } else {
      errors_.report(rd_kafka_message_errstr(m));
    }
  }
}

int64_t Consumer::known_end_offset(const TopicPartition& tp) const {
  int64_t low = -1, high = -1;
  if (rd_kafka_get_watermark_offsets(handle_, tp.topic.c_str(), tp.partition, &low, &high) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return -1;
  }
  return high;
}

void Consumer::pause(const std::vector<TopicPartition>& partitions, bool pause) {
  PartitionList list = new_list(static_cast<int>(partitions.size()));
  for (const auto& tp : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition);
  }
  // A partition revoked meanwhile is simply not paused: nothing to report.
  if (pause) {
    rd_kafka_pause_partitions(handle_, list.get());
  } else {
    rd_kafka_resume_partitions(handle_, list.get());
  }
}

void Consumer::read_committed(rd_kafka_topic_partition_list_t* partitions) {
  PartitionList list = new_list(partitions->cnt);
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_list_add(list.get(), partitions->elems[i].topic,
                                      partitions->elems[i].partition);
  }
  rd_kafka_resp_err_t err = rd_kafka_committed(handle_, list.get(), 10000);
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    AssignedPartition a;
    a.partition = {tp.topic, tp.partition};
    // Unknown (the lookup failed): no stored bound, so the new reader recomputes, and
    // overwrites, whatever windows its events reach; nothing is lost.
    if (!err && !tp.err) {
      a.committed = tp.offset;
      if (tp.metadata != nullptr) {
        a.metadata.assign(static_cast<const char*>(tp.metadata), tp.metadata_size);
      }
      // Reading starts exactly there, not at whatever is committed when the fetch starts:
      // an acknowledgement committed meanwhile would move it past events of windows the
      // stored bound (the metadata read here) says are still to be computed.
      if (tp.offset >= 0) partitions->elems[i].offset = tp.offset;
    }
    assigned_.push_back(std::move(a));
  }
  if (err)
    errors_.report(std::string("reading committed offsets failed: ") + rd_kafka_err2str(err));
}

bool Consumer::commit_acknowledged(const AcknowledgedOffsets& acknowledged) {
  std::vector<OffsetCommit> offsets = ledger_.checkpoint_commits(acknowledged);
  PartitionList list = new_list(static_cast<int>(offsets.size()));
  for (const OffsetCommit& c : offsets) {
    rd_kafka_topic_partition_t* p = rd_kafka_topic_partition_list_add(
        list.get(), c.partition.topic.c_str(), c.partition.partition);
    p->offset = c.offset;
    if (!c.metadata.empty()) {
      // librdkafka frees it with the list.
      p->metadata = strdup(c.metadata.c_str());
      p->metadata_size = c.metadata.size();
    }
  }
  if (list->cnt == 0) return true;
  rd_kafka_resp_err_t err = rd_kafka_commit(handle_, list.get(), 0);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return true;
  if (err != RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) {
    errors_.report(std::string("commit failed: ") + rd_kafka_err2str(err));
  }
  return false;
}

void Consumer::output_flushed() {
  auto flushed = ledger_.flushed();
  if (flushed.empty()) return;
  PartitionList list = new_list(static_cast<int>(flushed.size()));
  for (const auto& [tp, next] : flushed) {
    rd_kafka_topic_partition_list_add(list.get(), tp.topic.c_str(), tp.partition)->offset = next;
  }
  rd_kafka_offsets_store(handle_, list.get());
}

bool Consumer::commit_now() {
  if (settings_.group.empty()) return true;
  // NO_OFFSET just means nothing new was stored since the last commit.
  rd_kafka_resp_err_t err = rd_kafka_commit(handle_, nullptr, 0);
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET) {
    ledger_.committed();
    return true;
  }
  // Refused mid-rebalance (kbroker's mock, see CommitLedger::assign): handled by resuming
  // where this member stopped on reassignment.
  if (err != RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) {
    errors_.report(std::string("commit failed: ") + rd_kafka_err2str(err));
  }
  return false;
}

void Consumer::close() {
  if (closed_) return;
  output_flushed();
  commit_now();
  rd_kafka_consumer_close(handle_);
  closed_ = true;
}

}  // namespace rivulet
