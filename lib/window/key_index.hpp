#pragma once
// Byte strings numbered in first-seen order, looked up without allocating.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

// Maps byte strings to dense ids 0, 1, 2, ... in the order they were first inserted.
// Keys live in one arena and the table is open-addressed, so a lookup of a known key never
// allocates; memory is proportional to the distinct keys held. clear() keeps capacity, so
// a reused index (one per open window) stops allocating once warmed up.
class KeyIndex {
 public:
  KeyIndex() { reset_table(16); }

  // The id of `key`, inserting it with the next id if new (*inserted says which). Inline,
  // as are the hash and compare: the window engine looks a key up for every event.
  uint32_t find_or_insert(std::string_view key, bool* inserted) {
    return find_or_insert(key, hash_of(key), inserted);
  }
  // The same with the key's hash_of(key), for a key looked up in several indexes (an event's
  // key in each of its hopping windows): hashed once.
  uint32_t find_or_insert(std::string_view key, uint64_t h, bool* inserted) {
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
    *inserted = true;
    return insert(key, h, i);
  }
  static uint64_t hash_of(std::string_view key) {
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

  // The id of `key`, or kNone.
  uint32_t find(std::string_view key) const;

  std::string_view key(uint32_t id) const {
    return std::string_view(arena_.data() + entries_[id].offset, entries_[id].length);
  }
  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }
  void clear();

  static constexpr uint32_t kNone = UINT32_MAX;

 private:
  struct Entry {
    uint64_t hash;
    uint32_t offset;  // into arena_ (grows past 4 GiB only with absurd key volumes: checked)
    uint32_t length;
  };

  template <class Word>
  static Word load(const char* p) {
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }
  static bool same_bytes(const char* a, const char* b, size_t n) {
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
  bool matches(const Entry& e, uint64_t hash, std::string_view key) const {
    return e.hash == hash && e.length == key.size() &&
           same_bytes(arena_.data() + e.offset, key.data(), key.size());
  }
  // Adds `key` (not present; its hash, and the empty slot its probe ended at).
  uint32_t insert(std::string_view key, uint64_t hash, size_t slot);
  void reset_table(size_t slots);
  void grow();

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // entry id + 1, 0 = empty; size is a power of two
};

}  // namespace rivulet
