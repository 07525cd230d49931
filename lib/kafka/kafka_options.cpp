#include "kafka/kafka_options.hpp"

namespace rivulet {

KafkaConfig kafka_config_from(const KafkaClientOptions& options) {
  KafkaConfig config;
  for (const auto& file : options.config_files) config.read_file(file);
  for (const auto& property : options.properties) config.set_assignment(property);
  if (!options.brokers.empty()) {
    config.set("bootstrap.servers", options.brokers, "-b");
  } else if (!config.has("bootstrap.servers") && !config.has("metadata.broker.list")) {
    config.set("bootstrap.servers", default_brokers(), "default");
  }
  return config;
}

}  // namespace rivulet
