#include "kafka/key_partitioner.hpp"

namespace rivulet {

PartitionerFn builtin_partitioner(const std::string& name) {
  if (name.empty() || name == "consistent_random") {
    return rd_kafka_msg_partitioner_consistent_random;
  }
  if (name == "random") return rd_kafka_msg_partitioner_random;
  if (name == "consistent") return rd_kafka_msg_partitioner_consistent;
  if (name == "murmur2") return rd_kafka_msg_partitioner_murmur2;
  if (name == "murmur2_random") return rd_kafka_msg_partitioner_murmur2_random;
  if (name == "fnv1a") return rd_kafka_msg_partitioner_fnv1a;
  if (name == "fnv1a_random") return rd_kafka_msg_partitioner_fnv1a_random;
  return nullptr;
}

}  // namespace rivulet
