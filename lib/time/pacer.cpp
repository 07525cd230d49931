#include "time/pacer.hpp"

#include "io/signals.hpp"

namespace rivulet {

Pacer::Pacer(double speed, std::function<long long()> now_ns,
             std::function<bool(long long)> sleep_until_ns)
    : speed_(speed), now_ns_(std::move(now_ns)), sleep_until_ns_(std::move(sleep_until_ns)) {
  if (!now_ns_) now_ns_ = [] { return monotonic_now_ns(); };
  if (!sleep_until_ns_) sleep_until_ns_ = [](long long t) { return sleep_until_monotonic(t); };
}

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
    rebase(event_ns, now_ns_());
    return !stop_requested();
  }
  long long target = due(event_ns);
  if (target <= now_ns_()) return !stop_requested();
  if (before_sleep_) before_sleep_();
  return sleep_until_ns_(target);
}

}  // namespace rivulet
