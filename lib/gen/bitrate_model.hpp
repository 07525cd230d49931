#pragma once
// A believable encoder for one synthetic webcam stream: frame sizes that follow a streaming
// bitrate ladder, with keyframes every GOP, scene-change spikes, network dips and adaptive
// resolution switches down and back up.

#include <cstdint>
#include <vector>

#include "gen/random.hpp"

namespace rivulet {

struct Rung {
  int width;
  int height;
  double kbps;  // target video bitrate at this resolution
};

// A common streaming ladder, 360p to 2160p (30 fps targets).
const std::vector<Rung>& default_ladder();

// Finds the rung with this resolution, or returns a custom rung whose bitrate is scaled by
// pixel count from 720p.
Rung rung_for_resolution(int width, int height);

struct Frame {
  int width;
  int height;
  int64_t bytes;
  bool keyframe;
};

class BitrateModel {
 public:
  // With `pinned`, the resolution never changes (--resolution); otherwise the stream aims
  // for `top_rung` of the default ladder and adapts to its network.
  BitrateModel(uint64_t seed, double fps, int top_rung);
  BitrateModel(uint64_t seed, double fps, Rung pinned);

  // Produces the next frame and advances time by 1/fps.
  Frame next();

  const Rung& rung() const { return rung_; }
  // Seconds since the last switch down; large when there was none.
  double seconds_since_downswitch() const { return since_downswitch_s_; }
  // True while the network delivers less than the current rung needs.
  bool in_dip() const { return capacity_kbps_ < rung_.kbps; }

 private:
  void advance_network(double dt);
  void adapt(double dt);

  Random rng_;
  double fps_;
  bool pinned_;
  int top_rung_ = 0;
  int rung_index_ = 0;
  Rung rung_;
  int64_t frame_in_gop_ = 0;
  int64_t gop_frames_;
  double capacity_kbps_;    // what the network can carry now
  double dip_left_s_ = 0;   // remaining length of the current dip
  double starved_s_ = 0;    // time the current rung has not fit the network
  double headroom_s_ = 0;   // time the next rung up would have fit
  double scene_boost_ = 1;  // decays after a scene change
  double since_downswitch_s_ = 1e9;
};

}  // namespace rivulet
