#include "time/pacer.hpp"

#include "io/signals.hpp"

namespace rivulet {

Pacer::Pacer(double speed, WaitClock* clock) : speed_(speed), clock_(clock) {}

void Pacer::rebase(int64_t event_ns, long long wall_ns) {
  started_ = true;
  origin_event_ns_ = event_ns;
  origin_wall_ns_ = wall_ns;
}

long long Pacer::due(int64_t event_ns) const {
  return origin_wall_ns_ +
         static_cast<long long>(static_cast<double>(event_ns - origin_event_ns_) / speed_);
}

bool Pacer::wait(int64_t event_ns) {
  if (speed_ <= 0) return !stop_requested();
  if (!started_) {
    rebase(event_ns, clock_->now_ns());
    return !stop_requested();
  }
  long long target = due(event_ns);
  if (target <= clock_->now_ns()) return !stop_requested();
  if (before_sleep_) before_sleep_();
  return clock_->sleep_until(target);
}

}  // namespace rivulet
