#include "window/checkpoint_keys.hpp"

#include <fmt/format.h>

namespace rivulet {

namespace {
constexpr char kSeparator = '\x01';  // never raw in JSON text, which the key is made of
}

std::string CheckpointKeys::tag_of(std::string_view source) {
  auto it = generation_.find(source);
  uint64_t gen = it == generation_.end() ? 0 : it->second;
  return fmt::format("{}#{}", source, gen);
}

std::string_view CheckpointKeys::engine_key(std::string_view source, std::string_view key,
                                            std::string* buffer) {
  if (source != last_source_ || last_tag_.empty()) {
    last_source_.assign(source.data(), source.size());
    last_tag_ = tag_of(source);
  }
  buffer->assign(last_tag_);
  buffer->push_back(kSeparator);
  buffer->append(key.data(), key.size());
  return *buffer;
}

void CheckpointKeys::discard(const std::string& source) {
  void_.insert(tag_of(source));
  ++generation_[source];
  last_tag_.clear();
}

bool CheckpointKeys::result_key(std::string_view engine_key, std::string_view* key) const {
  size_t sep = engine_key.find(kSeparator);
  if (sep == std::string_view::npos) {
    *key = engine_key;
    return true;
  }
  if (!void_.empty() && void_.count(engine_key.substr(0, sep)) > 0) return false;
  *key = engine_key.substr(sep + 1);
  return true;
}

}  // namespace rivulet
