#include "window/key_index.hpp"

#include <cstring>
#include <limits>

#include "error.hpp"

namespace rivulet {

void KeyIndex::reset_table(size_t slots) { slots_.assign(slots, 0); }

void KeyIndex::clear() {
  arena_.clear();
  entries_.clear();
  std::fill(slots_.begin(), slots_.end(), 0);
}

uint32_t KeyIndex::find(std::string_view key) const {
  uint64_t h = hash_of(key);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t s = slots_[i];
    if (s == 0) return kNone;
    if (matches(entries_[s - 1], h, key)) return s - 1;
  }
}

uint32_t KeyIndex::insert(std::string_view key, uint64_t hash, size_t slot) {
  if (arena_.size() + key.size() > std::numeric_limits<uint32_t>::max() ||
      entries_.size() + 1 >= std::numeric_limits<uint32_t>::max()) {
    throw Error("too many distinct keys in one window (more than 4 GiB of key text)");
  }
  uint32_t id = static_cast<uint32_t>(entries_.size());
  entries_.push_back(
      {hash, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size())});
  arena_.append(key.data(), key.size());
  slots_[slot] = id + 1;
  if (entries_.size() * 4 > slots_.size() * 3) grow();  // keep the load under 3/4
  return id;
}

void KeyIndex::grow() {
  reset_table(slots_.size() * 2);
  size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < entries_.size(); ++id) {
    size_t i = entries_[id].hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = id + 1;
  }
}

}  // namespace rivulet
