#include "window/window_spec.hpp"

#include <fmt/format.h>

namespace rivulet {

std::string WindowSpec::check() const {
  if (size_ns <= 0) return "--window must be longer than 0";
  if (hop_ns <= 0) return "--hop must be longer than 0";
  if (hop_ns > size_ns) return "--hop must not be longer than --window";
  if (size_ns > kMaxWindowNs) return "--window must not be longer than 10000d";
  if (windows_per_event() > kMaxWindowsPerEvent) {
    return fmt::format(
        "--window and --hop put every event in {} windows (--window / --hop), more than {}: "
        "choose a longer --hop or a shorter --window",
        windows_per_event(), kMaxWindowsPerEvent);
  }
  return "";
}

}  // namespace rivulet
