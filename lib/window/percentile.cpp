#include "window/percentile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "error.hpp"

namespace rivulet {

bool parse_percentile(std::string_view text, Percentile* out, std::string* err) {
  std::string s(text);
  char* end = nullptr;
  double v = s.empty() ? 0 : std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v >= 0 && v <= 100)) {
    *err = "\"" + s + "\" is not a percentile between 0 and 100";
    return false;
  }
  out->value = v;
  out->name = "p" + fmt::format("{}", v);  // shortest form: 95 -> p95, 99.9 -> p99.9
  return true;
}

std::vector<Percentile> parse_percentile_options(const std::vector<std::string>& values) {
  std::vector<Percentile> out;
  for (const std::string& v : values) {
    std::string_view rest = v;
    for (;;) {
      size_t comma = rest.find(',');
      Percentile p;
      std::string err;
      if (!parse_percentile(rest.substr(0, comma), &p, &err)) {
        throw UsageError("--percentile: " + err);
      }
      out.push_back(std::move(p));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

int64_t percentile_index(uint64_t n, double percentile) {
  // influxd: i := int(math.Floor(float64(len)*r.Percentile/100.0+0.5)) - 1
  double i = std::floor(static_cast<double>(n) * percentile / 100.0 + 0.5) - 1;
  if (i < 0 || i >= static_cast<double>(n)) return -1;
  return static_cast<int64_t>(i);
}

void ValueDistribution::add_beyond_limit(double value) {
  if (sketch_.count() == 0) {
    for (double v : values_) sketch_.add(v);
    values_.clear();
    values_.shrink_to_fit();  // the point of the sketch is to stop holding every value
  }
  sketch_.add(value);
}

void ValueDistribution::clear() {
  values_.clear();
  sketch_.clear();
}

void ValueDistribution::percentiles(const std::vector<Percentile>& percentiles, double* out,
                                    bool* has) {
  if (exact() && percentiles.size() > 1) std::sort(values_.begin(), values_.end());
  uint64_t n = count();
  for (size_t i = 0; i < percentiles.size(); ++i) {
    int64_t index = percentile_index(n, percentiles[i].value);
    has[i] = index >= 0;
    if (!has[i]) continue;
    if (!exact()) {
      out[i] = sketch_.value_at_rank(static_cast<uint64_t>(index));
    } else if (percentiles.size() > 1) {
      out[i] = values_[static_cast<size_t>(index)];
    } else {
      auto nth = values_.begin() + index;
      std::nth_element(values_.begin(), nth, values_.end());
      out[i] = *nth;
    }
  }
}

}  // namespace rivulet
