#pragma once
// A mergeable quantile sketch with a guaranteed relative error (DDSketch).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rivulet {

// DDSketch (Masson, Rim and Lee, VLDB 2019): values fall into logarithmic buckets
// (gamma^(k-1), gamma^k] with gamma = (1 + a) / (1 - a), so any value returned lies within a
// relative error `a` of the true value of that rank, whatever the distribution. Negative
// values have their own buckets, zero its own count. Two sketches with the same accuracy
// merge exactly (bucket counts add), so windows and partial results combine.
//
// Memory is bounded: each sign keeps at most `max_buckets` buckets. That covers values
// within a factor gamma^max_buckets of each other (with a = 1% and 2048 buckets, a factor
// of about 1e17) at full accuracy; beyond that the smallest magnitudes share one bucket.
class QuantileSketch {
 public:
  static constexpr double kDefaultRelativeAccuracy = 0.01;
  static constexpr int kDefaultMaxBuckets = 2048;

  explicit QuantileSketch(double relative_accuracy = kDefaultRelativeAccuracy,
                          int max_buckets = kDefaultMaxBuckets);

  void add(double value);
  // Adds everything `other` holds; both must have the same relative accuracy.
  void merge(const QuantileSketch& other);
  void clear();

  uint64_t count() const { return count_; }
  double relative_accuracy() const { return relative_accuracy_; }
  // The value at 0-based `rank` of the sorted values (rank < count()), within the relative
  // accuracy.
  double value_at_rank(uint64_t rank) const;
  // Buckets in use, for memory accounting (8 bytes each).
  size_t buckets() const { return positive_.bins.size() + negative_.bins.size(); }

 private:
  // Counts of consecutive bucket indexes offset, offset + 1, ...
  struct Store {
    std::vector<uint64_t> bins;
    int32_t offset = 0;
    void add(int32_t index, uint64_t n, int max_buckets);
    void clear() {
      bins.clear();
      offset = 0;
    }
  };

  int32_t index_of(double magnitude) const;
  double value_of(int32_t index) const;

  double relative_accuracy_;
  int max_buckets_;
  double gamma_;
  double inverse_log_gamma_;
  // Magnitudes below this count as zero: their logarithms would leave the index range.
  double min_magnitude_;
  Store positive_;
  Store negative_;  // by magnitude
  uint64_t zeros_ = 0;
  uint64_t count_ = 0;
};

}  // namespace rivulet
