#include "kafka/kafka_config.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "error.hpp"
#include "kafka/kafka_options.hpp"
#include "kafka/start_offset.hpp"

using namespace rivulet;

namespace {

std::string conf_get(rd_kafka_conf_t* conf, const char* name) {
  char value[512];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, name, value, &size) != RD_KAFKA_CONF_OK) return "<unset>";
  return value;
}

}  // namespace

TEST_CASE("kafka config: later settings win, defaults only fill gaps") {
  KafkaConfig config;
  config.set_assignment("linger.ms=7");
  config.set_assignment("linger.ms=9");
  config.set_default("linger.ms", "1");
  config.set_default("batch.num.messages", "123");
  rd_kafka_conf_t* conf = config.build();
  CHECK(conf_get(conf, "linger.ms") == "9");
  CHECK(conf_get(conf, "batch.num.messages") == "123");
  rd_kafka_conf_destroy(conf);
}

TEST_CASE("kafka config: topic. prefix sets topic properties, as kcat does") {
  KafkaConfig config;
  config.set_assignment("topic.message.timeout.ms=4321");
  config.set_assignment("topic.metadata.refresh.interval.ms=1234");
  rd_kafka_conf_t* conf = config.build();
  CHECK(conf_get(conf, "topic.metadata.refresh.interval.ms") == "1234");
  rd_kafka_topic_conf_t* topic = rd_kafka_conf_get_default_topic_conf(conf);
  REQUIRE(topic != nullptr);
  char value[64];
  size_t size = sizeof value;
  REQUIRE(rd_kafka_topic_conf_get(topic, "message.timeout.ms", value, &size) == RD_KAFKA_CONF_OK);
  CHECK(std::string(value) == "4321");
  rd_kafka_conf_destroy(conf);
}

TEST_CASE("kafka config: errors name their origin") {
  KafkaConfig config;
  CHECK_THROWS_AS(config.set_assignment("no-equals-sign"), UsageError);
  config.set_assignment("no.such.property=1");
  CHECK_THROWS_WITH(config.build(),
                    Catch::Contains("-X no.such.property=1: No such configuration"));
  CHECK_THROWS_AS(config.set_compression("brotli"), UsageError);

  char path[] = "/tmp/rivulet-kafka-config-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  {
    std::ofstream out(path);
    out << "# comment\n\nlinger.ms = 3\nbroken line\n";
  }
  KafkaConfig from_file;
  CHECK_THROWS_WITH(from_file.read_file(path),
                    std::string(path) + ":4: expected PROPERTY=VALUE, got \"broken line\"");
  std::remove(path);
}

TEST_CASE("kafka options: -b, then $KAFKA_BROKERS, then the default") {
  KafkaClientOptions options;
  unsetenv("KAFKA_BROKERS");
  CHECK(kafka_config_from(options).get("bootstrap.servers") == "127.0.0.1:9092");
  setenv("KAFKA_BROKERS", "k1:9092,k2:9092", 1);
  CHECK(kafka_config_from(options).get("bootstrap.servers") == "k1:9092,k2:9092");
  options.brokers = "cli:1";
  CHECK(kafka_config_from(options).get("bootstrap.servers") == "cli:1");
  unsetenv("KAFKA_BROKERS");
}

TEST_CASE("start offsets as kcat spells them") {
  StartOffset s;
  std::string err;
  REQUIRE(parse_start_offset("beginning", &s, &err));
  CHECK(s.kind == StartOffset::kBeginning);
  REQUIRE(parse_start_offset("end", &s, &err));
  CHECK(s.kind == StartOffset::kEnd);
  REQUIRE(parse_start_offset("stored", &s, &err));
  CHECK(s.kind == StartOffset::kStored);
  REQUIRE(parse_start_offset("42", &s, &err));
  CHECK((s.kind == StartOffset::kAbsolute && s.value == 42));
  REQUIRE(parse_start_offset("-10", &s, &err));
  CHECK((s.kind == StartOffset::kTail && s.value == 10));
  REQUIRE(parse_start_offset("@1700000000000", &s, &err));
  CHECK((s.kind == StartOffset::kTimestamp && s.value == 1700000000000));
  REQUIRE(parse_start_offset("earliest", &s, &err));
  CHECK(s.kind == StartOffset::kBeginning);
  REQUIRE(parse_start_offset("latest", &s, &err));
  CHECK(s.kind == StartOffset::kEnd);
  CHECK_FALSE(parse_start_offset("first", &s, &err));
  CHECK(err ==
        "\"first\": expected beginning (earliest), end (latest), stored, N, -N or "
        "@TIMESTAMP_MS");
  CHECK_FALSE(parse_start_offset("-", &s, &err));
  CHECK_FALSE(parse_start_offset("12x", &s, &err));
}
