#pragma once
// Finds points that would overwrite each other in InfluxDB: the same series (measurement
// and tags) at the same time. InfluxDB keeps only the last such point and says nothing.

#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace rivulet {

class OverwriteCheck {
 public:
  // `point` is a line-protocol point without its timestamp ("m,tag=v field=1"). Returns the
  // input line number of the earlier point of the same series with the same time when the
  // series' previous point had this time (0 when not). Points of a series are expected in
  // time order, as window results and live events are; memory grows with the series count.
  uint64_t add(std::string_view point, int64_t ts_ns, uint64_t line);

  uint64_t overwritten() const { return overwritten_; }

 private:
  struct Last {
    int64_t ts_ns;
    uint64_t line;
  };
  std::unordered_map<uint64_t, Last> last_;  // by a hash of the series key
  uint64_t overwritten_ = 0;
};

// The series key of a point: the text before the first unescaped space.
std::string_view series_key(std::string_view point);

}  // namespace rivulet
