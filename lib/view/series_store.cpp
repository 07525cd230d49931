#include "view/series_store.hpp"

#include <algorithm>

namespace rivulet {

SeriesStore::SeriesStore(size_t metrics, int64_t span_ns, size_t max_keys, size_t resolution)
    : metrics_(metrics),
      span_ns_(std::max<int64_t>(span_ns, 1)),
      max_keys_(max_keys),
      bucket_ns_(
          std::max<int64_t>(span_ns_ / static_cast<int64_t>(std::max<size_t>(resolution, 1)), 1)) {}

int SeriesStore::find_key(std::string_view raw_key) const {
  auto it = key_indexes_.find(std::string(raw_key));
  return it == key_indexes_.end() ? -1 : static_cast<int>(it->second);
}

int SeriesStore::key_index(std::string_view raw_key, std::string_view label) {
  int known = find_key(raw_key);
  if (known >= 0) return known;
  if (labels_.size() >= max_keys_) return -1;
  key_indexes_.emplace(std::string(raw_key), labels_.size());
  labels_.emplace_back(label);
  series_.emplace_back(metrics_);
  return static_cast<int>(labels_.size() - 1);
}

Series& SeriesStore::at(size_t metric, size_t key) { return series_[key][metric]; }

const Series* SeriesStore::series(size_t metric, size_t key) const {
  if (key >= series_.size() || metric >= metrics_) return nullptr;
  const Series& s = series_[key][metric];
  return s.empty() ? nullptr : &s;
}

void SeriesStore::observe_time(int64_t t_ns) { now_ns_ = std::max(now_ns_, t_ns); }

void SeriesStore::add(size_t metric, size_t key, int64_t t_ns, double value) {
  observe_time(t_ns);
  if (t_ns < now_ns_ - span_ns_) return;
  ++version_;
  Series& s = at(metric, key);
  if (t_ns >= s.last_t_) {
    if (t_ns > s.last_t_) {
      s.prev_ = s.last_;
      s.prev_t_ = s.last_t_;
    }
    s.last_ = value;
    s.last_t_ = t_ns;
  } else if (t_ns >= s.prev_t_) {
    s.prev_ = value;
    s.prev_t_ = t_ns;
  }

  // Points are in time order; out-of-order samples are rare, so search from the back.
  auto bucket_of = [this](int64_t t) { return t / bucket_ns_ - (t % bucket_ns_ < 0 ? 1 : 0); };
  int64_t bucket = bucket_of(t_ns);
  size_t i = s.points_.size();
  while (i > 0 && bucket_of(s.points_[i - 1].t_ns) > bucket) --i;
  if (i > 0 && bucket_of(s.points_[i - 1].t_ns) == bucket) {
    SeriesPoint& p = s.points_[i - 1];
    uint32_t& n = s.counts_[i - 1];
    p.value += (value - p.value) / (n + 1.0);
    ++n;
    s.dirty_from_ = std::min(s.dirty_from_, p.t_ns);
  } else {
    s.points_.insert(s.points_.begin() + static_cast<std::ptrdiff_t>(i), SeriesPoint{t_ns, value});
    s.counts_.insert(s.counts_.begin() + static_cast<std::ptrdiff_t>(i), 1);
    s.dirty_from_ = std::min(s.dirty_from_, t_ns);
  }
  trim_series(s);
}

void SeriesStore::trim_series(Series& s) {
  if (now_ns_ == kNoTime) return;
  while (!s.points_.empty() && s.points_.front().t_ns < now_ns_ - span_ns_) {
    s.points_.pop_front();
    s.counts_.pop_front();
  }
}

void Series::extend_range(int64_t from_ns, double* lo, double* hi) const {
  for (const SeriesPoint& p : points_) {
    if (p.t_ns < from_ns) continue;
    *lo = std::min(*lo, p.value);
    *hi = std::max(*hi, p.value);
  }
}

bool SeriesStore::value_range(size_t metric, int64_t from_ns, double* lo, double* hi) const {
  *lo = std::numeric_limits<double>::infinity();
  *hi = -*lo;
  for (size_t k = 0; k < key_count(); ++k) {
    if (const Series* s = series(metric, k)) s->extend_range(from_ns, lo, hi);
  }
  return *lo <= *hi;
}

void SeriesStore::trim() {
  for (auto& per_key : series_) {
    for (Series& s : per_key) trim_series(s);
  }
}

std::vector<SeriesChange> SeriesStore::take_changes() {
  std::vector<SeriesChange> changes;
  for (size_t m = 0; m < metrics_; ++m) {
    for (size_t k = 0; k < series_.size(); ++k) {
      Series& s = series_[k][m];
      if (s.dirty_from_ == std::numeric_limits<int64_t>::max()) continue;
      changes.push_back(SeriesChange{m, k, s.dirty_from_});
      s.dirty_from_ = std::numeric_limits<int64_t>::max();
    }
  }
  return changes;
}

}  // namespace rivulet
