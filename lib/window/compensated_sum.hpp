#pragma once

#include <cmath>

namespace rivulet {

// Neumaier's compensated summation: the rounding error of each addition is kept in a second
// accumulator, so the sum of millions of large values stays accurate to the last bits (plain
// summation loses about log2(n) bits), and it stays right when an addend is larger than the
// running sum, where Kahan's original loses the compensation.
class CompensatedSum {
 public:
  void add(double x) {
    double t = sum_ + x;
    if (std::fabs(sum_) >= std::fabs(x)) {
      compensation_ += (sum_ - t) + x;
    } else {
      compensation_ += (x - t) + sum_;
    }
    sum_ = t;
  }
  double value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0;
  double compensation_ = 0;
};

}  // namespace rivulet
