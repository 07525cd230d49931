#include "window/event_clock.hpp"

#include <limits>

#include "io/signals.hpp"

namespace rivulet {

EventClock::Observed EventClock::observe(int64_t event_ns) {
  events_since_wait_ = true;
  if (has_time_ && !jumps_.accept(event_ns, max_event_ns_)) {
    ++held_back_;
    return Observed::kHeldBack;
  }
  if (!has_time_ || event_ns > max_event_ns_) max_event_ns_ = event_ns;
  if (!has_time_ || event_ns > watermark_ns_) watermark_ns_ = event_ns;
  has_time_ = true;
  return Observed::kCounted;
}

void EventClock::input_waiting() {
  // Repeated waits without events in between (each idle wake-up waits again) keep the
  // first one: idleness is measured from the moment the last event had been read.
  if (events_since_wait_ || !waiting_) caught_up_wall_ns_ = clock_->now_ns();
  events_since_wait_ = false;
  waiting_ = true;
}

bool EventClock::advance_if_idle() {
  if (idle_ns_ <= 0 || !has_time_ || !waiting_ || events_since_wait_) return false;
  int64_t idle_for = clock_->now_ns() - caught_up_wall_ns_;
  if (idle_for < idle_ns_) return false;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t advanced = max_event_ns_ > kMax - idle_for ? kMax : max_event_ns_ + idle_for;
  if (advanced <= watermark_ns_) return false;
  watermark_ns_ = advanced;
  return true;
}

}  // namespace rivulet
