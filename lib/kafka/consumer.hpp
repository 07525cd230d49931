#pragma once
// A librdkafka consumer for ksub: batches of ConsumedMessage, end-of-partition tracking for
// -e, and at-least-once commits of only the messages whose lines were flushed (the bookkeeping
// is CommitLedger's; this class talks to the client).

#include <librdkafka/rdkafka.h>

#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kafka/client_errors.hpp"
#include "kafka/commit_ledger.hpp"
#include "kafka/consumed_message.hpp"
#include "kafka/kafka_config.hpp"
#include "kafka/offset_gap.hpp"
#include "kafka/partition_progress.hpp"
#include "kafka/start_offset.hpp"

namespace rivulet {

struct ConsumerSettings {
  std::vector<std::string> topics;
  int32_t partition = -1;  // without a group: only this partition of each topic
  std::string group;       // empty: read partitions directly, commit nothing
  StartOffset start;
  bool exit_at_end = false;
  // --checkpoint: nothing is committed but what commit() is given (acknowledged as stored
  // downstream); assignments report the committed offset and its metadata.
  bool checkpoint = false;
  // Read each message's headers and broker too (for envelopes).
  bool metadata = false;
};

// A partition assigned to this member, with its committed offset and commit metadata
// (librdkafka's rd_kafka_committed), for --checkpoint.
struct AssignedPartition {
  TopicPartition partition;
  int64_t committed = -1;  // -1: none
  std::string metadata;
};

class Consumer {
 public:
  // Joins the group (subscribe) or assigns the topics' partitions at `start`. Throws
  // rivulet::Error for a bad configuration, an unknown topic or an unsupported start.
  Consumer(const KafkaConfig& config, ConsumerSettings settings);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Called when partitions are about to be taken away (rebalance, close), before their
  // offsets are committed: flush the output there, so what is committed was written.
  void on_revoke(std::function<void()> flush_output) { flush_output_ = std::move(flush_output); }
  // Non-fatal client errors (broker unreachable, ...), on the caller's thread.
  void on_client_error(ClientErrorHook hook) { errors_.set_hook(std::move(hook)); }

  // Waits up to timeout_ms for messages and appends up to `max` of them to *out
  // (end-of-partition events and errors are handled inside). Each message owns its bytes.
  // Throws rivulet::Error if the topic does not exist or the consumer cannot go on.
  void poll(int timeout_ms, std::vector<ConsumedMessage>* out, size_t max = 4096);

  // Stops (or resumes) fetching the partitions, e.g. while their messages wait in a buffer.
  void pause(const std::vector<TopicPartition>& partitions, bool pause);

  const PartitionProgress& progress() const { return progress_; }
  // The partition's end offset (high watermark) as the last fetch response for it said, or
  // -1 while none has come. No request to the broker.
  int64_t known_end_offset(const TopicPartition& tp) const;
  std::vector<TopicPartition> take_revoked() { return progress_.take_revoked(); }

  // The message's line is in the output buffer.
  void written(const ConsumedMessage& message) {
    ledger_.written({std::string(message.topic), message.partition}, message.offset);
  }
  // The output was flushed: lets every written message's offset be committed (it is
  // committed by auto-commit, or by commit_now() and close()).
  void output_flushed();
  // Commits stored offsets now, synchronously.
  // Commits the stored offsets; false (and the error reported) if the broker refused.
  bool commit_now();

  // With exit_at_end: every assigned partition is at its end.
  bool at_end() const { return progress_.all_at_end(); }

  // --checkpoint: the partitions assigned and revoked since the last call, in order of the
  // rebalances (revoked first).
  std::vector<AssignedPartition> take_assigned() { return std::move(assigned_); }
  std::vector<TopicPartition> take_checkpoint_revoked() { return std::move(checkpoint_revoked_); }
  // --checkpoint: commits the acknowledged offsets with their metadata, synchronously, for
  // the partitions still assigned; false (reported) if the broker refused.
  bool commit_acknowledged(const AcknowledgedOffsets& acknowledged);

  // Commits and leaves the group (a clean leave, so the group rebalances at once).
  void close();

 private:
  static void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                        rd_kafka_topic_partition_list_t* partitions, void* opaque);
  static void client_error(rd_kafka_t*, int err, const char* reason, void* opaque);
  void assign_directly();
  void read_committed(rd_kafka_topic_partition_list_t* partitions);
  void look_up_timestamps(rd_kafka_topic_partition_list_t* list);
  std::string last_error_suffix() const;

  ConsumerSettings settings_;
  rd_kafka_t* handle_ = nullptr;
  rd_kafka_queue_t* queue_ = nullptr;
  bool closed_ = false;
  PartitionProgress progress_;
  // Exactly once across members joining and leaving is tested by test_kafka_groups.py on
  // both brokers.
  CommitLedger ledger_;
  StartGaps gaps_;  // where each partition's first message should be, to report a gap
  std::vector<rd_kafka_message_t*> raw_batch_;
  std::function<void()> flush_output_;
  ClientErrors errors_;
  std::exception_ptr revoke_failure_;
  std::vector<AssignedPartition> assigned_;
  std::vector<TopicPartition>
      checkpoint_revoked_;  // thrown by flush_output_ inside librdkafka's callback
};

// Makes a ConsumedMessage of a librdkafka message, which it then owns; with `metadata`, also
// its headers and broker (for envelopes).
ConsumedMessage consumed_message(rd_kafka_message_t* message, bool metadata);

}  // namespace rivulet
