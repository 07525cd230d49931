#include "window/key_index.hpp"

#include <cstring>
#include <limits>

#include "error.hpp"

namespace rivulet {

uint64_t KeyIndex::hash_of(std::string_view key) {
  // FNV-1a over 8-byte words, then a final mix: keys are short (a few JSON tokens), so a
  // simple hash with good low bits beats a heavier one. The last word overlaps the one
  // before it (and a key under 8 bytes is read as two overlapping halves) rather than
  // gathering the tail byte by byte.
  uint64_t h = 0xcbf29ce484222325ULL ^ key.size();
  const char* p = key.data();
  size_t n = key.size();
  if (n >= 8) {
    for (; n > 8; p += 8, n -= 8) h = (h ^ load<uint64_t>(p)) * 0x100000001b3ULL;
    h = (h ^ load<uint64_t>(p + n - 8)) * 0x100000001b3ULL;
  } else if (n >= 4) {
    uint64_t w = load<uint32_t>(p) | (uint64_t{load<uint32_t>(p + n - 4)} << 32);
    h = (h ^ w) * 0x100000001b3ULL;
  } else if (n > 0) {
    auto byte = [](char c) { return uint64_t{static_cast<uint8_t>(c)}; };
    uint64_t w = byte(p[0]) | byte(p[n / 2]) << 8 | byte(p[n - 1]) << 16;
    h = (h ^ w) * 0x100000001b3ULL;
  }
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 32;
  return h;
}

bool KeyIndex::same_bytes(const char* a, const char* b, size_t n) {
  // The same overlapping reads as hash_of: short keys compare without a call to memcmp.
  if (n >= 8) {
    for (; n > 8; a += 8, b += 8, n -= 8) {
      if (load<uint64_t>(a) != load<uint64_t>(b)) return false;
    }
    return load<uint64_t>(a + n - 8) == load<uint64_t>(b + n - 8);
  }
  if (n >= 4) {
    return load<uint32_t>(a) == load<uint32_t>(b) &&
           load<uint32_t>(a + n - 4) == load<uint32_t>(b + n - 4);
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

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

uint32_t KeyIndex::find_or_insert(std::string_view key, bool* inserted) {
  uint64_t h = hash_of(key);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    uint32_t s = slots_[i];
    if (s == 0) break;
    if (matches(entries_[s - 1], h, key)) {
      *inserted = false;
      return s - 1;
    }
  }
  if (arena_.size() + key.size() > std::numeric_limits<uint32_t>::max() ||
      entries_.size() + 1 >= std::numeric_limits<uint32_t>::max()) {
    throw Error("too many distinct keys in one window (more than 4 GiB of key text)");
  }
  uint32_t id = static_cast<uint32_t>(entries_.size());
  entries_.push_back(
      {h, static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(key.size())});
  arena_.append(key.data(), key.size());
  slots_[i] = id + 1;
  *inserted = true;
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
