#pragma once
// The command-line options kpub and ksub share, named as in kcat: -b, -X, -F.

#include <CLI/CLI.hpp>

#include "kafka/kafka_options.hpp"

namespace rivulet {

// Adds -b/--brokers, -X/--property and -F/--config to `app`.
void add_kafka_client_options(CLI::App& app, KafkaClientOptions* options);

}  // namespace rivulet
