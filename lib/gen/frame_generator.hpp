#pragma once
// Frame events (rivulet(7), "Frame event") from a set of synthetic webcams, in event-time
// order: every stream emits a frame each 1/fps, streams in name order within a tick.

#include <cstdint>
#include <string>
#include <vector>

#include "gen/stream_set.hpp"

namespace rivulet {

class FrameGenerator {
 public:
  explicit FrameGenerator(const GeneratorOptions& options);

  // Appends the next frame event as one NDJSON line (with "\n"); returns its time in ns.
  int64_t next(std::string& out);
  // Time of the event next() will produce.
  int64_t peek_time_ns() const;

 private:
  GeneratorOptions options_;
  std::vector<StreamState> streams_;
  std::vector<std::string> prefixes_;  // per stream: ,"stream":"cam-1","seq":
  std::string fps_text_;
  int64_t seq_ = 0;
  size_t stream_ = 0;
};

}  // namespace rivulet
