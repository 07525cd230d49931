#include "window/window_spec.hpp"

namespace rivulet {

int64_t floor_to_multiple(int64_t value, int64_t step) {
  int64_t q = value / step;
  if (value % step < 0) --q;  // C++ division truncates toward zero
  return q * step;
}

std::string WindowSpec::check() const {
  if (size_ns <= 0) return "--window must be longer than 0";
  if (hop_ns <= 0) return "--hop must be longer than 0";
  if (hop_ns > size_ns) return "--hop must not be longer than --window";
  if (size_ns > kMaxWindowNs) return "--window must not be longer than 10000d";
  return "";
}

int64_t WindowSpec::last_start(int64_t time_ns) const { return floor_to_multiple(time_ns, hop_ns); }

int64_t WindowSpec::first_start(int64_t time_ns) const {
  // The earliest start s (a multiple of hop) with s + size > time_ns, i.e. s > time_ns - size.
  return floor_to_multiple(time_ns - size_ns, hop_ns) + hop_ns;
}

}  // namespace rivulet
