#include "window/window_spec.hpp"

namespace rivulet {

std::string WindowSpec::check() const {
  if (size_ns <= 0) return "--window must be longer than 0";
  if (hop_ns <= 0) return "--hop must be longer than 0";
  if (hop_ns > size_ns) return "--hop must not be longer than --window";
  if (size_ns > kMaxWindowNs) return "--window must not be longer than 10000d";
  return "";
}

}  // namespace rivulet
