#include "gen/stream_set.hpp"

#include <charconv>

namespace rivulet {

std::vector<StreamState> make_streams(const GeneratorOptions& options) {
  std::vector<StreamState> streams;
  Random picker(options.seed ^ 0x5EED5EED5EEDULL);
  for (int i = 0; i < options.streams; ++i) {
    uint64_t seed = options.seed * 1000003ULL + static_cast<uint64_t>(i) * 7919ULL + 1;
    std::string name = "cam-" + std::to_string(i + 1);
    if (options.width > 0) {
      streams.push_back({name, BitrateModel(seed, options.fps,
                                            rung_for_resolution(options.width, options.height))});
    } else {
      // Mostly 720p and 1080p cameras, a few 1440p.
      double u = picker.uniform();
      int top = u < 0.45 ? 2 : (u < 0.9 ? 3 : 4);
      streams.push_back({name, BitrateModel(seed, options.fps, top)});
    }
  }
  return streams;
}

void append_tenths(std::string& out, int64_t tenths) {
  char buf[32];
  char* p = buf;
  if (tenths < 0) {
    *p++ = '-';
    tenths = -tenths;
  }
  p = std::to_chars(p, buf + sizeof buf, tenths / 10).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + tenths % 10);
  out.append(buf, p);
}

}  // namespace rivulet
