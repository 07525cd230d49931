#pragma once
// The synthetic webcams frames-gen simulates: names, seeds and bitrate models, shared by the
// frame and viewer generators so one seed describes one consistent world.

#include <cstdint>
#include <string>
#include <vector>

#include "gen/bitrate_model.hpp"

namespace rivulet {

struct GeneratorOptions {
  int streams = 1;
  double fps = 30;
  int64_t start_ns = 0;
  uint64_t seed = 1;
  // 0x0 means adaptive: each stream aims at 720p, 1080p or 1440p and adapts.
  int width = 0;
  int height = 0;
};

struct StreamState {
  std::string name;  // cam-1 .. cam-N
  BitrateModel model;
};

// Builds the streams for `options`, each with its own seed derived from options.seed.
std::vector<StreamState> make_streams(const GeneratorOptions& options);

// Appends `value` with one decimal (rounded): 28754 tenths -> "2875.4".
void append_tenths(std::string& out, int64_t tenths);

}  // namespace rivulet
