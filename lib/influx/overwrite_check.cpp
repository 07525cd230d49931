#include "influx/overwrite_check.hpp"

#include <functional>

namespace rivulet {

std::string_view series_key(std::string_view point) {
  for (size_t i = 0; i < point.size(); ++i) {
    if (point[i] == '\\') {
      ++i;
    } else if (point[i] == ' ') {
      return point.substr(0, i);
    }
  }
  return point;
}

uint64_t OverwriteCheck::add(std::string_view point, int64_t ts_ns, uint64_t line) {
  uint64_t hash = std::hash<std::string_view>()(series_key(point));
  auto [it, inserted] = last_.try_emplace(hash, Last{ts_ns, line});
  if (inserted) return 0;
  uint64_t earlier = it->second.ts_ns == ts_ns ? it->second.line : 0;
  it->second = Last{ts_ns, line};
  if (earlier != 0) ++overwritten_;
  return earlier;
}

}  // namespace rivulet
