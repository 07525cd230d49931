#pragma once
// Where ksub expected each partition's first message, and what it says when the broker had
// already dropped the messages in between: kbroker evicts beyond 5 MiB a partition, Kafka
// deletes by retention. Without this a short read looks like a complete one.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "kafka/partition_progress.hpp"

namespace rivulet {

class StartGaps {
 public:
  // The next message of the partition should be at `offset` (ignored if negative: a logical
  // offset such as "end" expects nothing in particular).
  void expect(const TopicPartition& tp, int64_t offset);
  // Expects every partition of `list` at its offset; a partition at BEGINNING at offset 0,
  // as Kafka numbers a partition's first message.
  void expect_all(const rd_kafka_topic_partition_list_t* list);
  // A group member's new partitions start at their committed offsets (asked of the group
  // coordinator), or, never committed, at 0 when `uncommitted_from_beginning`.
  void expect_committed(rd_kafka_t* consumer, const rd_kafka_topic_partition_list_t* assigned,
                        bool uncommitted_from_beginning);
  void forget(const rd_kafka_topic_partition_list_t* list);

  // The partition's message at `offset` arrived. For its first one since expect(), returns
  // the warning if it is past the expected offset.
  std::optional<std::string> arrived(const TopicPartition& tp, int64_t offset);

 private:
  std::map<TopicPartition, int64_t> expected_;
};

}  // namespace rivulet
