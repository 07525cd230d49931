#pragma once
// The command-line options kpub and ksub share, named as in kcat: -b, -X, -F.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "kafka/kafka_config.hpp"

namespace rivulet {

struct KafkaClientOptions {
  std::string brokers;                   // -b; empty: $KAFKA_BROKERS or the default
  std::vector<std::string> properties;   // -X name=value
  std::vector<std::string> config_files; // -F FILE
};

// Adds -b/--brokers, -X/--property and -F/--config to `app`.
void add_kafka_client_options(CLI::App& app, KafkaClientOptions* options);

// The configuration they describe: -F files first (in order), then -X (in order), then -b;
// bootstrap.servers defaults to default_brokers(). Throws UsageError/Error.
KafkaConfig kafka_config_from(const KafkaClientOptions& options);

}  // namespace rivulet
