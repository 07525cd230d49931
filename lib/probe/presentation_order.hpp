#pragma once
// Puts video packets, read in decoding order, back into the order they are shown in.

#include <cstddef>
#include <vector>

#include "probe/packet_source.hpp"

namespace rivulet {

// With B-frames a packet is often shown before the one read just before it. Holding
// `depth` packets and always releasing the one shown first restores presentation order
// whenever a packet is read at most `depth` packets after its place: 16 covers every H.264
// and HEVC stream (their decoded picture buffer holds at most 16 frames). Packets without a
// time keep their place after the packet read before them. Equal times go in read order.
class PresentationOrder {
 public:
  static constexpr size_t kMaxReorder = 16;

  explicit PresentationOrder(size_t depth = kMaxReorder) : depth_(depth) {}

  void push(const VideoPacket& packet);
  // Takes the next packet in presentation order once more than `depth` are held, or any
  // held packet after finish(). False when there is none to give yet.
  bool pop(VideoPacket* packet);
  // The input ended: pop() releases everything still held.
  void finish() { finished_ = true; }
  // Forgets everything held (a new pass over the input starts).
  void reset();
  size_t held() const { return heap_.size(); }

 private:
  struct Held {
    int64_t key;  // presentation time, or the last known one for packets without a time
    uint64_t order;
    VideoPacket packet;
  };
  static bool later(const Held& a, const Held& b) {
    return a.key != b.key ? a.key > b.key : a.order > b.order;
  }

  size_t depth_;
  bool finished_ = false;
  int64_t last_key_ = INT64_MIN;
  uint64_t pushed_ = 0;
  std::vector<Held> heap_;  // a min-heap on (key, order)
};

}  // namespace rivulet
