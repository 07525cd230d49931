#pragma once
// What the Kafka options kpub and ksub share (-b, -X, -F, as in kcat) hold, and the client
// configuration they make (their command-line side is cli/kafka_client_options).

#include <string>
#include <vector>

#include "kafka/kafka_config.hpp"

namespace rivulet {

struct KafkaClientOptions {
  std::string brokers;                    // -b; empty: $KAFKA_BROKERS or the default
  std::vector<std::string> properties;    // -X name=value
  std::vector<std::string> config_files;  // -F FILE
};

// The configuration they describe: -F files first (in order), then -X (in order), then -b;
// bootstrap.servers defaults to default_brokers(). Throws UsageError/Error.
KafkaConfig kafka_config_from(const KafkaClientOptions& options);

}  // namespace rivulet
