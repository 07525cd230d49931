#include <catch2/catch.hpp>
#include <string>

#include "window/key_index.hpp"

using namespace rivulet;

TEST_CASE("keys get dense ids in first-seen order") {
  KeyIndex index;
  bool inserted;
  CHECK(index.find_or_insert("\"cam-2\"", &inserted) == 0);
  CHECK(inserted);
  CHECK(index.find_or_insert("\"cam-1\"", &inserted) == 1);
  CHECK(index.find_or_insert("\"cam-2\"", &inserted) == 0);
  CHECK_FALSE(inserted);
  CHECK(index.find("\"cam-1\"") == 1);
  CHECK(index.find("\"cam-3\"") == KeyIndex::kNone);
  CHECK(index.key(1) == "\"cam-1\"");
  CHECK(index.size() == 2);
}

TEST_CASE("keys that differ only in bytes after the first eight, or by a prefix, are distinct") {
  KeyIndex index;
  bool inserted;
  index.find_or_insert("abcdefgh1", &inserted);
  CHECK(index.find_or_insert("abcdefgh2", &inserted) == 1);
  CHECK(index.find_or_insert("abcdefgh", &inserted) == 2);
  CHECK(index.find_or_insert("", &inserted) == 3);
  CHECK(index.find_or_insert(std::string("a\0b", 3), &inserted) == 4);
  CHECK(index.find_or_insert(std::string("a\0c", 3), &inserted) == 5);
}

TEST_CASE("the index grows past its initial table and clear() empties it for reuse") {
  KeyIndex index;
  bool inserted;
  for (int i = 0; i < 10000; ++i) {
    REQUIRE(index.find_or_insert("key-" + std::to_string(i), &inserted) ==
            static_cast<uint32_t>(i));
  }
  for (int i = 0; i < 10000; i += 7) {
    REQUIRE(index.find("key-" + std::to_string(i)) == static_cast<uint32_t>(i));
    REQUIRE(index.key(i) == "key-" + std::to_string(i));
  }
  index.clear();
  CHECK(index.size() == 0);
  CHECK(index.find("key-5") == KeyIndex::kNone);
  CHECK(index.find_or_insert("key-5", &inserted) == 0);
  CHECK(inserted);
}

TEST_CASE("keys of every length up to 40 bytes differing in any one byte are distinct") {
  // hash_of and the comparison read keys in overlapping words: every byte must count.
  for (size_t n = 1; n <= 40; ++n) {
    KeyIndex index;
    bool inserted;
    std::string base(n, 'k');
    REQUIRE(index.find_or_insert(base, &inserted) == 0);
    for (size_t i = 0; i < n; ++i) {
      std::string other = base;
      other[i] = 'x';
      CHECK(index.find_or_insert(other, &inserted) == i + 1);
      CHECK(inserted);
    }
    for (size_t i = 0; i < n; ++i) {
      std::string other = base;
      other[i] = 'x';
      CHECK(index.find(other) == i + 1);
    }
    CHECK(index.find(base) == 0);
    CHECK(index.find(base.substr(1)) == KeyIndex::kNone);
  }
}
