#include "checkpoint/ack_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "error.hpp"

namespace rivulet {

void write_ack(const std::string& dir, const CheckpointMarker& commit) {
  std::string text;
  format_checkpoint_marker(commit, &text);
  text.push_back('\n');
  std::string tmp = dir + "/ack.tmp." + std::to_string(getpid());
  std::string path = dir + "/ack";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) throw Error(tmp + ": " + std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    std::remove(tmp.c_str());
    throw Error(path + ": " + std::strerror(e));
  }
}

std::optional<CheckpointMarker> AckReader::poll(std::string* err) {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text == last_) return std::nullopt;
  last_ = text;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  CheckpointMarker m;
  if (!parse_checkpoint_marker(text, &m, err) || m.kind != CheckpointMarker::Kind::kCommit) {
    if (err->empty()) *err = "not an acknowledgement";
    *err = path_ + ": " + *err;
    return std::nullopt;
  }
  return m;
}

CheckpointMarker commit_of_positions(const CheckpointMarker& positions) {
  CheckpointMarker c;
  c.kind = CheckpointMarker::Kind::kCommit;
  c.id = positions.id;
  c.end = positions.end;
  for (const auto& [source, offset] : positions.positions) c.commit[source].offset = offset;
  return c;
}

}  // namespace rivulet
