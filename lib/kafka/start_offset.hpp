#pragma once
// ksub -o: where to start reading, as kcat spells it.

#include <cstdint>
#include <string>

namespace rivulet {

struct StartOffset {
  enum Kind {
    kBeginning,  // "beginning" or "earliest"
    kEnd,        // "end" or "latest"
    kStored,     // "stored": the group's committed offset
    kAbsolute,   // "N"
    kTail,       // "-N": N messages before the end
    kTimestamp,  // "@T": the first message at or after T (epoch ms)
  };
  Kind kind = kBeginning;
  int64_t value = 0;
};

// Returns false with *err for text that is none of the forms above.
bool parse_start_offset(const std::string& text, StartOffset* out, std::string* err);

}  // namespace rivulet
