#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "kafka/key_partitioner.hpp"
#include "kafka/partition_batches.hpp"

using namespace rivulet;

namespace {

struct Run {
  int32_t partition;
  std::vector<std::string> values;
  std::vector<std::string> keys;
  std::vector<uint64_t> origins;
};

std::vector<Run> runs_of(PartitionBatches& batches) {
  std::vector<Run> runs;
  batches.for_each_partition([&](int32_t p, const std::vector<BatchedMessage>& messages) {
    Run run{p, {}, {}, {}};
    for (const auto& m : messages) {
      run.values.emplace_back(m.value);
      run.keys.emplace_back(m.key);
      run.origins.push_back(m.origin);
    }
    runs.push_back(run);
  });
  return runs;
}

}  // namespace

TEST_CASE("partition batches: runs per partition, input order kept within each") {
  PartitionBatches batches;
  CHECK(batches.empty());
  batches.add(7, "a1", "a", 1);
  batches.add(2, "b1", "b", 2);
  batches.add(7, "a2", "a", 3);
  batches.add(0, "c1", "", 4);
  batches.add(2, "b2", "b", 5);
  CHECK(batches.messages() == 5);
  CHECK(batches.bytes() == 2 + 1 + 2 + 1 + 2 + 1 + 2 + 0 + 2 + 1);

  std::vector<Run> runs = runs_of(batches);
  REQUIRE(runs.size() == 3);
  CHECK(runs[0].partition == 0);
  CHECK(runs[0].values == std::vector<std::string>{"c1"});
  CHECK(runs[0].keys == std::vector<std::string>{""});
  CHECK(runs[1].partition == 2);
  CHECK(runs[1].values == std::vector<std::string>{"b1", "b2"});
  CHECK(runs[1].origins == std::vector<uint64_t>{2, 5});
  CHECK(runs[2].partition == 7);
  CHECK(runs[2].values == std::vector<std::string>{"a1", "a2"});
  CHECK(runs[2].keys == std::vector<std::string>{"a", "a"});
}

TEST_CASE("partition batches: copies survive the caller's buffer and the arena growing") {
  PartitionBatches batches;
  std::string buffer;
  for (int i = 0; i < 5000; ++i) {
    buffer = "{\"n\":" + std::to_string(i) + "}";
    batches.add(i % 3, buffer, std::to_string(i % 3), i);
    buffer.assign(buffer.size(), 'x');  // the caller reuses its line buffer at once
  }
  std::vector<Run> runs = runs_of(batches);
  REQUIRE(runs.size() == 3);
  for (const Run& run : runs) {
    REQUIRE(run.values.size() >= 1666);
    for (size_t j = 0; j < run.values.size(); ++j) {
      int n = static_cast<int>(run.origins[j]);
      CHECK(n % 3 == run.partition);
      CHECK(run.values[j] == "{\"n\":" + std::to_string(n) + "}");
      if (j > 0) CHECK(run.origins[j] > run.origins[j - 1]);
    }
  }
}

TEST_CASE("partition batches: clear forgets everything, then fills again") {
  PartitionBatches batches;
  batches.add(3, "x", "k", 1);
  batches.clear();
  CHECK(batches.empty());
  CHECK(batches.bytes() == 0);
  CHECK(runs_of(batches).empty());
  batches.add(1, "y", "k", 2);
  std::vector<Run> runs = runs_of(batches);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].partition == 1);
  CHECK(runs[0].values == std::vector<std::string>{"y"});
}

TEST_CASE("key partitioner: librdkafka's built-in partitioners by name") {
  CHECK(builtin_partitioner("") == rd_kafka_msg_partitioner_consistent_random);
  CHECK(builtin_partitioner("consistent_random") == rd_kafka_msg_partitioner_consistent_random);
  CHECK(builtin_partitioner("murmur2_random") == rd_kafka_msg_partitioner_murmur2_random);
  CHECK(builtin_partitioner("fnv1a") == rd_kafka_msg_partitioner_fnv1a);
  CHECK(builtin_partitioner("random") == rd_kafka_msg_partitioner_random);
  CHECK(builtin_partitioner("my_own") == nullptr);
}
