#pragma once
// librdkafka configuration as kcat users give it: -X prop=val, -F FILE, -z CODEC, -b.

#include <librdkafka/rdkafka.h>

#include <string>
#include <vector>

namespace rivulet {

// "127.0.0.1:9092", where kbroker listens by default.
extern const char* const kDefaultBrokers;

// $KAFKA_BROKERS if set and not empty, else kDefaultBrokers.
std::string default_brokers();

// An ordered list of librdkafka properties. Later settings of a name win, as with kcat, so
// -F FILE then -X prop=val lets the command line override the file.
class KafkaConfig {
 public:
  // One "name=value" from -X. Throws UsageError without '='.
  void set_assignment(const std::string& assignment, const std::string& origin = "-X");
  void set(const std::string& name, const std::string& value, const std::string& origin);
  // Sets `name` only if nothing set it yet: tool defaults that -X and -F may override.
  void set_default(const std::string& name, const std::string& value);
  // Reads a kcat-style properties file: "name=value" lines, '#' comments, blank lines.
  // Throws rivulet::Error naming FILE:LINE for a line without '='.
  void read_file(const std::string& path);
  // -z: none, gzip, snappy, lz4 or zstd. Throws UsageError for other names.
  void set_compression(const std::string& codec);

  bool has(const std::string& name) const;
  // The last value set for `name`, or "" if unset.
  std::string get(const std::string& name) const;

  // Builds a librdkafka configuration. "topic.NAME" sets topic property NAME (as in kcat)
  // unless librdkafka knows the full name as a global property
  // (topic.metadata.refresh.interval.ms). Throws rivulet::Error with the origin of a
  // property librdkafka rejects ("-X foo: No such configuration property ...").
  rd_kafka_conf_t* build() const;

 private:
  struct Property {
    std::string name;
    std::string value;
    std::string origin;  // "-X", "FILE:LINE" or "default", for error messages
  };
  std::vector<Property> properties_;
};

}  // namespace rivulet
