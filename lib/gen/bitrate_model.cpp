#include "gen/bitrate_model.hpp"

#include <algorithm>
#include <cmath>

namespace rivulet {

namespace {

// Keyframes cost about this many P-frames; the rest of the GOP is scaled so the average over
// a GOP still meets the rung's target bitrate.
constexpr double kKeyframeWeight = 6.0;
constexpr double kDipsPerSecond = 1.0 / 45;          // a network dip every ~45 s
constexpr double kSceneChangesPerSecond = 1.0 / 20;  // a scene cut every ~20 s
constexpr double kStarvedBeforeDown = 2.0;           // seconds of starvation before switching down
constexpr double kHeadroomBeforeUp = 8.0;            // seconds of headroom before switching up

}  // namespace

const std::vector<Rung>& default_ladder() {
  static const std::vector<Rung> ladder = {{640, 360, 800},    {854, 480, 1400},
                                           {1280, 720, 2800},  {1920, 1080, 5000},
                                           {2560, 1440, 9000}, {3840, 2160, 16000}};
  return ladder;
}

Rung rung_for_resolution(int width, int height) {
  for (const Rung& r : default_ladder()) {
    if (r.width == width && r.height == height) return r;
  }
  double pixels = static_cast<double>(width) * height;
  return Rung{width, height, 2800 * std::pow(pixels / (1280.0 * 720.0), 0.75)};
}

BitrateModel::BitrateModel(uint64_t seed, double fps, int top_rung)
    : rng_(seed),
      fps_(fps),
      pinned_(false),
      top_rung_(top_rung),
      rung_index_(top_rung),
      rung_(default_ladder()[static_cast<size_t>(top_rung)]),
      gop_frames_(std::max<int64_t>(1, std::llround(2 * fps))),
      capacity_kbps_(rung_.kbps * rng_.uniform(1.8, 3.0)) {}

BitrateModel::BitrateModel(uint64_t seed, double fps, Rung pinned)
    : rng_(seed),
      fps_(fps),
      pinned_(true),
      rung_(pinned),
      gop_frames_(std::max<int64_t>(1, std::llround(2 * fps))),
      capacity_kbps_(pinned.kbps * rng_.uniform(1.8, 3.0)) {}

void BitrateModel::advance_network(double dt) {
  double nominal = pinned_ ? rung_.kbps : default_ladder()[static_cast<size_t>(top_rung_)].kbps;
  if (dip_left_s_ > 0) {
    dip_left_s_ -= dt;
    if (dip_left_s_ <= 0) capacity_kbps_ = nominal * rng_.uniform(1.8, 3.0);
  } else if (rng_.chance(kDipsPerSecond * dt)) {
    // A dip takes the network below what the current resolution needs, for 3 to 15 s.
    dip_left_s_ = rng_.uniform(3, 15);
    capacity_kbps_ = rung_.kbps * rng_.uniform(0.25, 0.75);
  } else {
    // Wander a little around the nominal capacity.
    capacity_kbps_ *= std::exp(rng_.normal() * 0.01);
    capacity_kbps_ = std::clamp(capacity_kbps_, nominal * 1.2, nominal * 4.0);
  }
}

void BitrateModel::adapt(double dt) {
  since_downswitch_s_ += dt;
  if (pinned_) return;
  const auto& ladder = default_ladder();
  starved_s_ = capacity_kbps_ < rung_.kbps * 0.9 ? starved_s_ + dt : 0;
  bool up_fits = rung_index_ < top_rung_ &&
                 capacity_kbps_ > ladder[static_cast<size_t>(rung_index_ + 1)].kbps * 1.3;
  headroom_s_ = up_fits ? headroom_s_ + dt : 0;
  if (starved_s_ >= kStarvedBeforeDown && rung_index_ > 0) {
    --rung_index_;
    starved_s_ = 0;
    since_downswitch_s_ = 0;
  } else if (headroom_s_ >= kHeadroomBeforeUp) {
    ++rung_index_;
    headroom_s_ = 0;
  } else {
    return;
  }
  rung_ = ladder[static_cast<size_t>(rung_index_)];
  frame_in_gop_ = 0;  // a resolution switch starts a new GOP
}

Frame BitrateModel::next() {
  double dt = 1.0 / fps_;
  advance_network(dt);
  adapt(dt);

  bool keyframe = frame_in_gop_ == 0;
  if (rng_.chance(kSceneChangesPerSecond * dt)) {
    keyframe = true;  // encoders insert a keyframe at a scene cut
    scene_boost_ = 2.0;
    frame_in_gop_ = 0;
  }
  if (++frame_in_gop_ >= gop_frames_) frame_in_gop_ = 0;

  // Rate control aims at the rung's bitrate, or lower while the network cannot carry it.
  double target_kbps = std::min(rung_.kbps, capacity_kbps_ * 0.9);
  double gop = static_cast<double>(gop_frames_);
  double p_frame_bits = target_kbps * 1000 / fps_ * gop / (gop - 1 + kKeyframeWeight);
  double bits = p_frame_bits * (keyframe ? kKeyframeWeight : 1.0) * scene_boost_ *
                std::exp(rng_.normal() * 0.18);
  scene_boost_ = 1 + (scene_boost_ - 1) * 0.85;
  int64_t bytes = std::max<int64_t>(64, std::llround(bits / 8));
  return Frame{rung_.width, rung_.height, bytes, keyframe};
}

}  // namespace rivulet
