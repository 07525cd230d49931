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

  // The id of `key`, inserting it with the next id if new (*inserted says which).
  uint32_t find_or_insert(std::string_view key, bool* inserted);
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
  static uint64_t hash_of(std::string_view key);
  static bool same_bytes(const char* a, const char* b, size_t n);
  bool matches(const Entry& e, uint64_t hash, std::string_view key) const {
    return e.hash == hash && e.length == key.size() &&
           same_bytes(arena_.data() + e.offset, key.data(), key.size());
  }
  void reset_table(size_t slots);
  void grow();

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // entry id + 1, 0 = empty; size is a power of two
};

}  // namespace rivulet
