#include "window/checkpoint_keys.hpp"

#include <fmt/format.h>

namespace rivulet {

namespace {
constexpr char kSeparator = '\x01';  // never raw in JSON text, which the key is made of
}

std::string CheckpointKeys::tag_of(std::string_view source) const {
  auto it = generation_.find(source);
  uint64_t gen = it == generation_.end() ? 0 : it->second;
  return fmt::format("{}#{}", source, gen);
}

std::string_view CheckpointKeys::tagged_key(std::string_view tag, std::string_view key,
                                            std::string* buffer) {
  buffer->assign(tag.data(), tag.size());
  buffer->push_back(kSeparator);
  buffer->append(key.data(), key.size());
  return *buffer;
}

void CheckpointKeys::discard(const std::string& source) {
  void_.insert(tag_of(source));
  ++generation_[source];
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

std::string_view CheckpointKeys::tag_of_key(std::string_view engine_key) {
  size_t sep = engine_key.find(kSeparator);
  return sep == std::string_view::npos ? std::string_view() : engine_key.substr(0, sep);
}

bool CheckpointKeys::live_source(std::string_view engine_key, std::string_view* source) const {
  size_t sep = engine_key.find(kSeparator);
  if (sep == std::string_view::npos) return false;
  std::string_view tag = engine_key.substr(0, sep);
  if (!void_.empty() && void_.count(tag) > 0) return false;
  *source = tag.substr(0, tag.rfind('#'));
  return true;
}

}  // namespace rivulet
