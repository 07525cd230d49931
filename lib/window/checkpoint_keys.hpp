#pragma once
// --checkpoint: the window engine keeps each key's rows per source partition and per
// assignment of it ("SOURCE#GENERATION\x01KEY"), so that a partition taken away, or
// assigned again (read again from its committed offset), has its rows in open windows
// discarded unwritten: they would be partial, or counted twice. Whoever reads the
// partition next recomputes those windows whole.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace rivulet {

class CheckpointKeys {
 public:
  // Sets *buffer to the engine key of `key` read from `source` and returns it.
  std::string_view engine_key(std::string_view source, std::string_view key, std::string* buffer) {
    return tagged_key(tag_of(source), key, buffer);
  }
  // The same with the source's tag (tag_of), which stays valid until discard().
  static std::string_view tagged_key(std::string_view tag, std::string_view key,
                                     std::string* buffer);
  std::string tag_of(std::string_view source) const;
  // The rows of the source's current assignment are void from now on.
  void discard(const std::string& source);
  // The key to write for an engine key (the part after the tag), or false for a void row.
  bool result_key(std::string_view engine_key, std::string_view* key) const;
  // The tag of an engine key (empty if it has none).
  static std::string_view tag_of_key(std::string_view engine_key);
  // The source of an engine key's current assignment, or false for a void or untagged row.
  bool live_source(std::string_view engine_key, std::string_view* source) const;

 private:
  std::map<std::string, uint64_t, std::less<>> generation_;
  std::set<std::string, std::less<>> void_;  // tags of discarded assignments
};

}  // namespace rivulet
