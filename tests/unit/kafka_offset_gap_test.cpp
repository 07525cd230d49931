// StartGaps: a partition whose first message is past where reading started is reported once,
// with how many messages the broker dropped; reading from where asked reports nothing.

#include <catch2/catch.hpp>
#include <memory>

#include "kafka/offset_gap.hpp"

using namespace rivulet;

TEST_CASE("StartGaps reports the first message past the expected offset, once", "[kafka][gap]") {
  StartGaps gaps;
  gaps.expect({"t", 0}, 0);
  gaps.expect({"t", 1}, 10);
  gaps.expect({"t", 2}, RD_KAFKA_OFFSET_END);  // logical: nothing in particular expected
  auto gap = gaps.arrived({"t", 0}, 71727);
  REQUIRE(gap);
  CHECK(*gap ==
        "topic \"t\" partition 0: the first message still there is at offset 71727, not 0: "
        "the broker dropped 71727 messages before they were read (kbroker keeps about 5 MiB a "
        "partition; Kafka deletes by retention)");
  CHECK_FALSE(gaps.arrived({"t", 0}, 80000));  // only the first message counts
  CHECK_FALSE(gaps.arrived({"t", 1}, 10));     // as asked
  CHECK_FALSE(gaps.arrived({"t", 2}, 500));
  gaps.expect({"t", 1}, 20);
  auto one = gaps.arrived({"t", 1}, 21);
  REQUIRE(one);
  CHECK(one->find("dropped 1 message before") != std::string::npos);
}

TEST_CASE("StartGaps reads an assignment list; beginning means offset 0", "[kafka][gap]") {
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>
      list(rd_kafka_topic_partition_list_new(3), rd_kafka_topic_partition_list_destroy);
  rd_kafka_topic_partition_list_add(list.get(), "t", 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_topic_partition_list_add(list.get(), "t", 1)->offset = 5;
  rd_kafka_topic_partition_list_add(list.get(), "t", 2)->offset = RD_KAFKA_OFFSET_STORED;
  StartGaps gaps;
  gaps.expect_all(list.get());
  CHECK(gaps.arrived({"t", 0}, 3));
  CHECK(gaps.arrived({"t", 1}, 6));
  CHECK_FALSE(gaps.arrived({"t", 2}, 100));

  gaps.expect_all(list.get());
  gaps.forget(list.get());  // revoked before anything arrived
  CHECK_FALSE(gaps.arrived({"t", 0}, 3));
}
