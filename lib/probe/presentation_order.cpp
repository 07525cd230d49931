#include "probe/presentation_order.hpp"

#include <algorithm>

namespace rivulet {

void PresentationOrder::push(const VideoPacket& packet) {
  int64_t key = packet.pts_ns != kNoTime ? packet.pts_ns : last_key_;
  last_key_ = key;
  heap_.push_back(Held{key, pushed_++, packet});
  std::push_heap(heap_.begin(), heap_.end(), later);
}

bool PresentationOrder::pop(VideoPacket* packet) {
  if (heap_.empty() || (!finished_ && heap_.size() <= depth_)) return false;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  *packet = heap_.back().packet;
  heap_.pop_back();
  return true;
}

void PresentationOrder::reset() {
  heap_.clear();
  finished_ = false;
  last_key_ = INT64_MIN;
}

}  // namespace rivulet
