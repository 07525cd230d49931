#include "window/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace rivulet {

void QuantileSketch::Store::add(int32_t index, uint64_t n, int max_buckets) {
  if (bins.empty()) {
    offset = index;
    bins.assign(1, 0);
  }
  int32_t high = offset + static_cast<int32_t>(bins.size()) - 1;
  if (index > high) {
    // Past the top: keep the highest max_buckets indexes, folding the lowest ones together
    // (the smallest magnitudes are the ones a percentile of interest rarely asks for).
    int32_t low = std::max(offset, index - max_buckets + 1);
    if (low > offset) {
      uint64_t folded = 0;
      int32_t drop = std::min<int32_t>(low - offset, static_cast<int32_t>(bins.size()));
      for (int32_t i = 0; i < drop; ++i) folded += bins[i];
      bins.erase(bins.begin(), bins.begin() + drop);
      if (bins.empty()) bins.assign(1, 0);
      bins[0] += folded;
      offset = low;
    }
    bins.resize(static_cast<size_t>(index - offset) + 1, 0);
  } else if (index < offset) {
    // Below the bottom: grow down as far as the bucket limit allows, then fold into it.
    int32_t low = std::max(index, high - max_buckets + 1);
    if (low < offset) {
      bins.insert(bins.begin(), static_cast<size_t>(offset - low), 0);
      offset = low;
    }
    index = std::max(index, offset);
  }
  bins[static_cast<size_t>(index - offset)] += n;
}

QuantileSketch::QuantileSketch(double relative_accuracy, int max_buckets)
    : relative_accuracy_(relative_accuracy),
      max_buckets_(max_buckets),
      gamma_((1 + relative_accuracy) / (1 - relative_accuracy)),
      inverse_log_gamma_(1 / std::log(gamma_)) {
  // The smallest magnitude whose index stays well inside int32 (and whose bucket value is a
  // normal double).
  const double lowest_index = std::numeric_limits<int32_t>::min() / 2;
  min_magnitude_ = std::max(std::numeric_limits<double>::min() * gamma_,
                            std::exp(lowest_index / inverse_log_gamma_));
}

int32_t QuantileSketch::index_of(double magnitude) const {
  return static_cast<int32_t>(std::ceil(std::log(magnitude) * inverse_log_gamma_));
}

double QuantileSketch::value_of(int32_t index) const {
  // The point of bucket (gamma^(k-1), gamma^k] with the same relative distance to both ends.
  return 2 * std::pow(gamma_, index) / (gamma_ + 1);
}

void QuantileSketch::add(double value) {
  ++count_;
  // Infinities go into the outermost buckets (their logarithm has no bucket index).
  constexpr double kMax = std::numeric_limits<double>::max();
  value = std::clamp(value, -kMax, kMax);
  if (value > min_magnitude_) {
    positive_.add(index_of(value), 1, max_buckets_);
  } else if (value < -min_magnitude_) {
    negative_.add(index_of(-value), 1, max_buckets_);
  } else {
    ++zeros_;  // also NaN, which has no place in an order
  }
}

void QuantileSketch::merge(const QuantileSketch& other) {
  for (size_t i = 0; i < other.positive_.bins.size(); ++i) {
    if (other.positive_.bins[i] != 0) {
      positive_.add(other.positive_.offset + static_cast<int32_t>(i), other.positive_.bins[i],
                    max_buckets_);
    }
  }
  for (size_t i = 0; i < other.negative_.bins.size(); ++i) {
    if (other.negative_.bins[i] != 0) {
      negative_.add(other.negative_.offset + static_cast<int32_t>(i), other.negative_.bins[i],
                    max_buckets_);
    }
  }
  zeros_ += other.zeros_;
  count_ += other.count_;
}

void QuantileSketch::clear() {
  positive_.clear();
  negative_.clear();
  zeros_ = 0;
  count_ = 0;
}

double QuantileSketch::value_at_rank(uint64_t rank) const {
  // In ascending order: negatives from the largest magnitude down, zeros, positives up.
  uint64_t seen = 0;
  for (size_t i = negative_.bins.size(); i-- > 0;) {
    seen += negative_.bins[i];
    if (seen > rank) return -value_of(negative_.offset + static_cast<int32_t>(i));
  }
  seen += zeros_;
  if (seen > rank) return 0;
  for (size_t i = 0; i < positive_.bins.size(); ++i) {
    seen += positive_.bins[i];
    if (seen > rank) return value_of(positive_.offset + static_cast<int32_t>(i));
  }
  return positive_.bins.empty()
             ? 0
             : value_of(positive_.offset + static_cast<int32_t>(positive_.bins.size()) - 1);
}

}  // namespace rivulet
