#include <catch2/catch.hpp>

#include "influx/first_keys.hpp"

using namespace rivulet;

namespace {

int lookups = 0;

// Whether `key` is new in the object, looking up its length.
bool first(FirstKeys<size_t>& keys, std::string_view key) {
  const auto& entry = keys.next(key, [](std::string_view k) {
    ++lookups;
    return k.size();
  });
  CHECK(entry.value == key.size());
  return entry.first;
}

}  // namespace

TEST_CASE("first keys: repeats are found in objects of the same and of another shape") {
  FirstKeys<size_t> keys;
  for (int line = 0; line < 3; ++line) {  // the same shape: answered from the last object
    keys.start();
    CHECK(first(keys, "ts"));
    CHECK(first(keys, "v"));
    CHECK_FALSE(first(keys, "ts"));
    CHECK(first(keys, "wide"));
  }
  CHECK(lookups == 4);
  keys.start();  // a shorter object of another shape
  CHECK(first(keys, "ts"));
  CHECK(first(keys, "wide"));
  CHECK_FALSE(first(keys, "wide"));
  keys.start();  // the first shape again: no stale answer from the longer one before
  CHECK(first(keys, "ts"));
  CHECK(first(keys, "wide"));
  CHECK_FALSE(first(keys, "ts"));
  CHECK(first(keys, "v"));
  keys.start();
  CHECK(first(keys, "v"));
  CHECK(first(keys, "ts"));
}
