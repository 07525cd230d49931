#include "kafka/offset_gap.hpp"

#include <fmt/format.h>

#include <memory>

namespace rivulet {

void StartGaps::expect(const TopicPartition& tp, int64_t offset) {
  if (offset >= 0) {
    expected_[tp] = offset;
  } else {
    expected_.erase(tp);
  }
}

void StartGaps::expect_all(const rd_kafka_topic_partition_list_t* list) {
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    expect({p.topic, p.partition}, p.offset == RD_KAFKA_OFFSET_BEGINNING ? 0 : p.offset);
  }
}

void StartGaps::expect_committed(rd_kafka_t* consumer,
                                 const rd_kafka_topic_partition_list_t* assigned,
                                 bool uncommitted_from_beginning) {
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>
      committed(rd_kafka_topic_partition_list_copy(assigned),
                rd_kafka_topic_partition_list_destroy);
  // Partitions given a concrete offset (resumed by this member) keep it; the others are
  // asked for. If the coordinator does not answer, nothing is expected: no false alarm.
  if (rd_kafka_committed(consumer, committed.get(), 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    committed.reset(nullptr);
  }
  for (int i = 0; i < assigned->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = assigned->elems[i];
    TopicPartition tp{p.topic, p.partition};
    if (p.offset >= 0) {
      expect(tp, p.offset);
      continue;
    }
    if (!committed) continue;
    int64_t c = committed->elems[i].err ? -1 : committed->elems[i].offset;
    expect(tp, c >= 0 ? c : (uncommitted_from_beginning ? 0 : -1));
  }
}

void StartGaps::forget(const rd_kafka_topic_partition_list_t* list) {
  for (int i = 0; i < list->cnt; ++i)
    expected_.erase({list->elems[i].topic, list->elems[i].partition});
}

std::optional<std::string> StartGaps::arrived(const TopicPartition& tp, int64_t offset) {
  if (expected_.empty()) return std::nullopt;
  auto it = expected_.find(tp);
  if (it == expected_.end()) return std::nullopt;
  int64_t expected = it->second;
  expected_.erase(it);
  if (offset <= expected) return std::nullopt;
  int64_t dropped = offset - expected;
  return fmt::format(
      "topic \"{}\" partition {}: the first message still there is at offset {}, not {}: the "
      "broker dropped {} message{} before they were read (kbroker keeps about 5 MiB a "
      "partition; Kafka deletes by retention)",
      tp.topic, tp.partition, offset, expected, dropped, dropped == 1 ? "" : "s");
}

}  // namespace rivulet
