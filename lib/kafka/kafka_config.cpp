#include "kafka/kafka_config.hpp"

#include <cstdlib>
#include <fstream>
#include <memory>

#include "error.hpp"

namespace rivulet {

const char* const kDefaultBrokers = "127.0.0.1:9092";

std::string default_brokers() {
  const char* env = std::getenv("KAFKA_BROKERS");
  if (env != nullptr && *env != '\0') return env;
  return kDefaultBrokers;
}

namespace {

std::string trim(const std::string& text) {
  const char* space = " \t\r";
  size_t begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

}  // namespace

void KafkaConfig::set_assignment(const std::string& assignment, const std::string& origin) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw UsageError(origin + " \"" + assignment + "\": expected PROPERTY=VALUE");
  }
  set(assignment.substr(0, eq), assignment.substr(eq + 1), origin);
}

void KafkaConfig::set(const std::string& name, const std::string& value,
                      const std::string& origin) {
  properties_.push_back({name, value, origin});
}

void KafkaConfig::set_default(const std::string& name, const std::string& value) {
  if (!has(name)) properties_.insert(properties_.begin(), {name, value, "default"});
}

void KafkaConfig::read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    size_t eq = text.find('=');
    std::string origin = path + ":" + std::to_string(number);
    if (eq == std::string::npos || eq == 0) {
      throw Error(origin + ": expected PROPERTY=VALUE, got \"" + text + "\"");
    }
    set(trim(text.substr(0, eq)), trim(text.substr(eq + 1)), origin);
  }
  if (in.bad()) throw Error("cannot read " + path);
}

void KafkaConfig::set_compression(const std::string& codec) {
  for (const char* known : {"none", "gzip", "snappy", "lz4", "zstd"}) {
    if (codec == known) {
      set("compression.codec", codec, "-z");
      return;
    }
  }
  throw UsageError("-z \"" + codec + "\": expected none, gzip, snappy, lz4 or zstd");
}

bool KafkaConfig::has(const std::string& name) const {
  for (const auto& p : properties_) {
    if (p.name == name) return true;
  }
  return false;
}

std::string KafkaConfig::get(const std::string& name) const {
  std::string value;
  for (const auto& p : properties_) {
    if (p.name == name) value = p.value;
  }
  return value;
}

rd_kafka_conf_t* KafkaConfig::build() const {
  std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)> conf(rd_kafka_conf_new(),
                                                                          rd_kafka_conf_destroy);
  char errstr[512];
  for (const auto& p : properties_) {
    // Topic-level properties set on the global configuration go to its default topic
    // configuration, which is where "topic.NAME" (kcat's spelling) belongs.
    rd_kafka_conf_res_t res =
        rd_kafka_conf_set(conf.get(), p.name.c_str(), p.value.c_str(), errstr, sizeof errstr);
    if (res == RD_KAFKA_CONF_UNKNOWN && p.name.compare(0, 6, "topic.") == 0) {
      res =
          rd_kafka_conf_set(conf.get(), p.name.c_str() + 6, p.value.c_str(), errstr, sizeof errstr);
    }
    if (res != RD_KAFKA_CONF_OK) {
      throw Error(p.origin + " " + p.name + "=" + p.value + ": " + errstr);
    }
  }
  return conf.release();
}

}  // namespace rivulet
