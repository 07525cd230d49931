// kbroker: librdkafka's in-memory mock cluster behind a fixed bootstrap address, for
// development and tests. Real deployments point kpub/ksub at a Kafka cluster with -b.

#include <fmt/format.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/tool_cli.hpp"
#include "io/diagnostics.hpp"
#include "io/signals.hpp"
#include "kafka/eviction_watch.hpp"
#include "kafka/kafka_config.hpp"
#include "kafka/mock_cluster.hpp"
#include "net/tcp_relay.hpp"

namespace {

struct Options {
  std::string listen = rivulet::kDefaultBrokers;
  int brokers = 1;
  std::vector<std::string> topics;
};

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  rivulet::ToolCli cli("kbroker",
                       "An in-memory Kafka broker for development and tests (librdkafka's mock "
                       "cluster). Prints its bootstrap address once ready; runs until "
                       "SIGINT/SIGTERM.",
                       "  kbroker --topic frames:16 &\n"
                       "  kbroker --listen 127.0.0.1:0 --brokers 3 --topic frames:64\n");
  auto& app = cli.app();
  app.add_option("--listen", opt.listen, "Bootstrap address to listen on (port 0: any free port)")
      ->type_name("HOST:PORT")
      ->capture_default_str();
  app.add_option("--brokers", opt.brokers, "Number of mock brokers")
      ->type_name("N")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  app.add_option("--topic", opt.topics,
                 "Create topic NAME with PARTITIONS partitions (repeatable; topics created on "
                 "first use get 4)")
      ->type_name("NAME:PARTITIONS");
  int rc = cli.parse(argc, argv);
  if (rc >= 0) return rc;

  {
    std::string host, err;
    int port = 0;
    if (!rivulet::parse_host_port(opt.listen, &host, &port, &err)) {
      return cli.usage_error("--listen " + err);
    }
  }
  std::vector<std::pair<std::string, int>> topics;
  for (const auto& spec : opt.topics) {
    std::string name, err;
    int partitions = 0;
    if (!rivulet::parse_topic_spec(spec, &name, &partitions, &err)) {
      return cli.usage_error("--topic " + err);
    }
    topics.emplace_back(name, partitions);
  }

  return rivulet::run_tool("kbroker", [&] {
    rivulet::Diagnostics diagnostics("kbroker");
    rivulet::MockCluster cluster(opt.brokers);
    for (const auto& [name, partitions] : topics) cluster.create_topic(name, partitions);
    rivulet::TcpRelay relay(opt.listen, cluster.first_broker());
    diagnostics.info("in-memory mock cluster for development and tests, " +
                     std::to_string(opt.brokers) + " broker(s) at " + cluster.bootstrap_servers() +
                     "; each partition keeps at most 5 MiB or " +
                     "100000 message sets and drops the oldest beyond that");
    // The mock drops old messages silently: say so as soon as a partition loses any, and
    // how many went in all at exit, so a short read is never a mystery.
    rivulet::EvictionWatch evictions(cluster.bootstrap_servers());
    evictions.start(rivulet::stop_fd(), 500, [&](const rivulet::Eviction& e) {
      diagnostics.error(fmt::format(
          "topic \"{}\" partition {}: evicted its oldest messages ({} so far; it keeps at most "
          "5 MiB or 100000 message sets): readers will miss them. Real Kafka keeps them "
          "(scripts/kafka-server)",
          e.topic, e.partition, e.evicted));
    });
    fmt::print("{}\n", relay.address());
    std::fflush(stdout);
    relay.run(rivulet::stop_fd());
    evictions.stop();
    evictions.check();
    if (evictions.total() > 0) {
      diagnostics.error("evicted " + rivulet::describe_evictions(evictions.evicted()) + " in all");
    }
    return 0;
  });
}
