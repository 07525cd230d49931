#pragma once
// The partition librdkafka would choose for a key, computed by the caller, so kpub can
// gather messages per partition and still place every key exactly where librdkafka's
// configured partitioner (and so kcat -K) would.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace rivulet {

using PartitionerFn = int32_t (*)(const rd_kafka_topic_t*, const void*, size_t, int32_t, void*,
                                  void*);

// librdkafka's built-in partitioner of that name ("consistent_random", its default, when
// `name` is empty; also murmur2_random as Java clients use), or nullptr for a name it
// does not know.
PartitionerFn builtin_partitioner(const std::string& name);

}  // namespace rivulet
