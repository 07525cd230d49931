#pragma once
// The rule for a JSON object that repeats a key: the first occurrence wins, the later ones
// are ignored (as simdjson's field lookup finds the first). This tells, key by key, whether
// a key is new in the current object, along with what the caller looked up for the key.
//
// Lines of one stream nearly always have the same keys in the same order: while a line
// follows the previous one's keys, one comparison a key answers both (the previous line's
// answers at that position), which is cheaper than the caller's own lookup; only a line of
// another shape looks the key up and compares it with all before it.

#include <string>
#include <string_view>
#include <vector>

namespace rivulet {

template <typename T>
class FirstKeys {
 public:
  struct Entry {
    std::string key;
    T value;     // what lookup(key) gave
    bool first;  // the key's first occurrence in the object
  };

  // Starts a new object.
  void start() {
    entries_.resize(count_);  // what is past the last object's keys was checked against others
    count_ = 0;
    same_shape_ = true;
  }

  // The entry for the object's next key.
  template <typename Lookup>
  const Entry& next(std::string_view key, const Lookup& lookup) {
    size_t i = count_++;
    if (same_shape_ && i < entries_.size() && entries_[i].key == key) return entries_[i];
    same_shape_ = false;
    bool first = true;
    for (size_t j = 0; j < i && first; ++j) first = entries_[j].key != key;
    if (i < entries_.size()) {
      entries_[i].key.assign(key.data(), key.size());
      entries_[i].value = lookup(key);
      entries_[i].first = first;
    } else {
      entries_.push_back(Entry{std::string(key), lookup(key), first});
    }
    return entries_[i];
  }

 private:
  std::vector<Entry> entries_;  // this object's keys so far, then the last one's
  size_t count_ = 0;
  bool same_shape_ = true;
};

}  // namespace rivulet
