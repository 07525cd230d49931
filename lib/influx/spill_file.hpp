#pragma once
// The --spill file: line protocol that could not be delivered, appended batch by batch,
// re-sendable later with `influx-write --input lp`.

#include <string>
#include <string_view>

namespace rivulet {

class SpillFile {
 public:
  // Opens (creates, appends to) `path`. Throws rivulet::Error if it cannot.
  explicit SpillFile(std::string path);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends whole lines and syncs them to disk, so a spill survives a crash right after.
  // Throws rivulet::Error on a write error.
  void append(std::string_view lines);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace rivulet
