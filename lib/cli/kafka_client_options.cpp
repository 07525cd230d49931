#include "cli/kafka_client_options.hpp"

#include <string>

namespace rivulet {

void add_kafka_client_options(CLI::App& app, KafkaClientOptions* options) {
  app.add_option("-b,--brokers", options->brokers,
                 "Bootstrap brokers HOST:PORT[,...] (default $KAFKA_BROKERS, else " +
                     std::string(kDefaultBrokers) + ")")
      ->type_name("LIST");
  app.add_option("-X,--property", options->properties,
                 "librdkafka property NAME=VALUE (repeatable; \"topic.\" prefix for topic "
                 "properties)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  app.add_option("-F,--config", options->config_files,
                 "Read librdkafka properties from FILE (NAME=VALUE lines; -X wins)")
      ->type_name("FILE")
      ->allow_extra_args(false);
}

}  // namespace rivulet
