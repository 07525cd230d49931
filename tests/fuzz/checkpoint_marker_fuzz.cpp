// Checkpoint marker lines from arbitrary text (a stage reads what the stage before it
// wrote, and acknowledgement files from disk): parsing never crashes, and what parses
// formats to a line that parses again to the same marker.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "checkpoint/marker.hpp"

using namespace rivulet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(bytes), size);
  CheckpointMarker marker;
  std::string err;
  if (!parse_checkpoint_marker(line, &marker, &err)) return 0;
  std::string once;
  format_checkpoint_marker(marker, &once);
  if (!is_checkpoint_line(once)) abort();
  CheckpointMarker again;
  if (!parse_checkpoint_marker(once, &again, &err)) abort();
  std::string twice;
  format_checkpoint_marker(again, &twice);
  if (once != twice) abort();
  return 0;
}
