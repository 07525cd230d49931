#pragma once
// The numbers a live view shows: per metric and key, the points of the last span of event
// time, and the latest and previous values for trends. Memory is bounded per series.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rivulet {

constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

struct SeriesPoint {
  int64_t t_ns;  // time of the first sample in the point's bucket
  double value;  // mean of the samples in the bucket
};

// One metric of one key. Samples closer together than the store's resolution are merged
// into one point (their mean), so a series holds at most about `resolution` points within
// the span whatever the input rate: a 30 fps stream and 10 s window results both fit.
class Series {
 public:
  const std::deque<SeriesPoint>& points() const { return points_; }
  bool empty() const { return last_t_ == kNoTime; }
  // The value with the greatest time (the last read among equal times).
  double last() const { return last_; }
  int64_t last_time() const { return last_t_; }
  // The latest value before last()'s time; has_previous() false until there is one.
  bool has_previous() const { return prev_t_ != kNoTime; }
  double previous() const { return prev_; }
  // Widens [*lo, *hi] to the values of the points at or after `from_ns`.
  void extend_range(int64_t from_ns, double* lo, double* hi) const;

 private:
  friend class SeriesStore;
  std::deque<SeriesPoint> points_;
  std::deque<uint32_t> counts_;  // samples merged into each point
  double last_ = 0, prev_ = 0;
  int64_t last_t_ = kNoTime, prev_t_ = kNoTime;
  int64_t dirty_from_ = std::numeric_limits<int64_t>::max();  // see take_changes()
};

// A series whose points changed since the previous SeriesStore::take_changes().
struct SeriesChange {
  size_t metric;
  size_t key;
  int64_t from_ns;  // every point at or after this time may be new or changed
};

class SeriesStore {
 public:
  // `resolution`: points per span kept per series. `max_keys`: keys beyond it are refused.
  SeriesStore(size_t metrics, int64_t span_ns, size_t max_keys, size_t resolution = 600);

  // The index of the key (raw key bytes, as GroupKey builds them), registering it with its
  // display label on first sight. Returns -1 once max_keys keys are known.
  int key_index(std::string_view raw_key, std::string_view label);
  // The index of a known key, or -1.
  int find_key(std::string_view raw_key) const;

  // Adds a sample. Samples older than the span before the latest time are ignored.
  void add(size_t metric, size_t key, int64_t t_ns, double value);

  // Moves the right edge of the charts to at least `t_ns` (a window result's end).
  void observe_time(int64_t t_ns);

  // The right edge: the greatest time seen, or kNoTime before any sample.
  int64_t now_ns() const { return now_ns_; }
  int64_t span_ns() const { return span_ns_; }
  size_t metric_count() const { return metrics_; }
  size_t key_count() const { return labels_.size(); }
  const std::string& key_label(size_t key) const { return labels_[key]; }

  // The series of a metric and key; nullptr if it never had a sample.
  const Series* series(size_t metric, size_t key) const;

  // The smallest and largest value of a metric's points at or after `from_ns`, over all
  // keys. False if there are none.
  bool value_range(size_t metric, int64_t from_ns, double* lo, double* hi) const;

  // Drops points that fell out of the span (charts clip them anyway; this frees memory of
  // series that stopped while others went on).
  void trim();

  // Counts every add(); a view redraws only when it changed.
  uint64_t version() const { return version_; }

  // The series changed since the previous call, in (metric, key) order, and forgets them.
  std::vector<SeriesChange> take_changes();

 private:
  Series& at(size_t metric, size_t key);
  void trim_series(Series& s);

  size_t metrics_;
  int64_t span_ns_;
  size_t max_keys_;
  int64_t bucket_ns_;
  int64_t now_ns_ = kNoTime;
  uint64_t version_ = 0;
  std::unordered_map<std::string, size_t> key_indexes_;
  std::vector<std::string> labels_;
  std::vector<std::vector<Series>> series_;  // [key][metric]
};

}  // namespace rivulet
