#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "error.hpp"
#include "window/percentile.hpp"
#include "window/quantile_sketch.hpp"

using namespace rivulet;

namespace {

std::vector<Percentile> percentiles(std::initializer_list<const char*> texts) {
  std::vector<Percentile> out;
  for (const char* t : texts) {
    Percentile p;
    std::string err;
    REQUIRE(parse_percentile(t, &p, &err));
    out.push_back(p);
  }
  return out;
}

}  // namespace

TEST_CASE("percentile names are the shortest form of the number", "[percentile]") {
  auto ps = parse_percentile_options({"50,95", "99.9", "100", "0", "95.0"});
  REQUIRE(ps.size() == 6);
  CHECK(ps[0].name == "p50");
  CHECK(ps[1].name == "p95");
  CHECK(ps[2].name == "p99.9");
  CHECK(ps[2].value == 99.9);
  CHECK(ps[3].name == "p100");
  CHECK(ps[4].name == "p0");
  CHECK(ps[5].name == "p95");
  CHECK_THROWS_AS(parse_percentile_options({"101"}), UsageError);
  CHECK_THROWS_AS(parse_percentile_options({"-1"}), UsageError);
  CHECK_THROWS_AS(parse_percentile_options({"95,"}), UsageError);
  CHECK_THROWS_AS(parse_percentile_options({"p95"}), UsageError);
  CHECK_THROWS_WITH(parse_percentile_options({"nan"}),
                    "--percentile: \"nan\" is not a percentile between 0 and 100");
}

TEST_CASE("percentile_index is InfluxDB's floor(n*P/100 + 0.5) - 1, none outside", "[percentile]") {
  CHECK(percentile_index(10, 50) == 4);
  CHECK(percentile_index(10, 95) == 9);
  CHECK(percentile_index(10, 100) == 9);
  CHECK(percentile_index(10, 0) == -1);    // P = 0 never has a value in InfluxDB
  CHECK(percentile_index(1, 50) == 0);     // floor(1.0) - 1
  CHECK(percentile_index(1, 49.9) == -1);  // floor(0.999) - 1
  CHECK(percentile_index(3, 16.7) == 0);   // floor(1.001) - 1
  CHECK(percentile_index(3, 16.6) == -1);  // floor(0.998) - 1
  CHECK(percentile_index(0, 50) == -1);
  CHECK(percentile_index(1000, 99.9) == 998);
}

TEST_CASE("ValueDistribution: exact percentiles by InfluxDB's rule", "[percentile]") {
  ValueDistribution d;
  for (double v : {5.0, 1.0, 4.0, 2.0, 3.0}) d.add(v, 100);
  auto ps = percentiles({"0", "20", "50", "90", "100"});
  double out[5];
  bool has[5];
  d.percentiles(ps, out, has);
  CHECK_FALSE(has[0]);
  CHECK((has[1] && out[1] == 1.0));  // floor(1.5) - 1 = 0
  CHECK((has[2] && out[2] == 3.0));  // floor(3.0) - 1 = 2
  CHECK((has[3] && out[3] == 5.0));  // floor(5.0) - 1 = 4
  CHECK((has[4] && out[4] == 5.0));
  CHECK(d.exact());

  // One percentile alone takes the selection path; same answer.
  auto p50 = percentiles({"50"});
  d.percentiles(p50, out, has);
  CHECK(out[0] == 3.0);

  d.clear();
  CHECK(d.count() == 0);
  d.add(7, 100);
  d.percentiles(p50, out, has);
  CHECK((has[0] && out[0] == 7.0));
}

TEST_CASE("ValueDistribution past the exact limit answers from the sketch within 1%",
          "[percentile]") {
  ValueDistribution d;
  for (int i = 1; i <= 1000; ++i) d.add(i, 100);
  CHECK_FALSE(d.exact());
  CHECK(d.count() == 1000);
  auto ps = percentiles({"50", "95", "99.9"});
  double out[3];
  bool has[3];
  d.percentiles(ps, out, has);
  CHECK(std::fabs(out[0] - 500) <= 0.01 * 500);
  CHECK(std::fabs(out[1] - 950) <= 0.01 * 950);
  CHECK(std::fabs(out[2] - 999) <= 0.01 * 999);
}

TEST_CASE("QuantileSketch: relative error within 1% of the exact value on a large window",
          "[percentile][sketch]") {
  // Two million values over six orders of magnitude, a long tail and negatives: every
  // percentile from the sketch is compared with the exact value at InfluxDB's index.
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> lognormal(7.5, 1.2);  // bitrate-like, kbps
  std::vector<double> values;
  QuantileSketch sketch;
  for (int i = 0; i < 2000000; ++i) {
    double v = lognormal(rng);
    if (i % 50 == 0) v = -v / 100;
    if (i % 1000 == 0) v = 0;
    values.push_back(v);
    sketch.add(v);
  }
  std::sort(values.begin(), values.end());
  double worst = 0;
  for (double p = 0.1; p <= 100; p += 0.1) {
    int64_t index = percentile_index(values.size(), p);
    REQUIRE(index >= 0);
    double exact = values[static_cast<size_t>(index)];
    double estimate = sketch.value_at_rank(static_cast<uint64_t>(index));
    double error =
        exact == 0 ? std::fabs(estimate) : std::fabs(estimate - exact) / std::fabs(exact);
    worst = std::max(worst, error);
  }
  INFO("worst relative error " << worst);
  CHECK(worst <= 0.01);
  CHECK(worst > 0.001);            // measured, not trivially exact
  CHECK(sketch.buckets() < 1200);  // under 10 KB for the whole range, both signs
}

TEST_CASE("QuantileSketch: merging equals adding everything to one sketch", "[sketch]") {
  QuantileSketch a, b, all;
  for (int i = 1; i <= 5000; ++i) {
    double v = i * 1.37;
    (i % 3 == 0 ? a : b).add(v);
    all.add(v);
  }
  a.merge(b);
  REQUIRE(a.count() == all.count());
  for (uint64_t rank = 0; rank < all.count(); rank += 97) {
    CHECK(a.value_at_rank(rank) == all.value_at_rank(rank));
  }
}

TEST_CASE("QuantileSketch: bucket count stays bounded over any range", "[sketch]") {
  QuantileSketch sketch(0.01, 64);
  for (int e = -300; e <= 300; ++e) sketch.add(std::pow(10.0, e));
  CHECK(sketch.buckets() <= 64);
  CHECK(sketch.count() == 601);
  // The largest values keep their accuracy; the smallest share the lowest bucket.
  double top = sketch.value_at_rank(600);
  CHECK(std::fabs(top - 1e300) / 1e300 <= 0.01);

  QuantileSketch extremes;
  const double inf = std::numeric_limits<double>::infinity();
  for (double v : {-inf, inf, 0.0, 5e-324, -1.0, 1.0}) extremes.add(v);
  CHECK(extremes.value_at_rank(0) < -1e307);
  CHECK(extremes.value_at_rank(5) > 1e307);
  CHECK(extremes.value_at_rank(2) == 0);  // 0, and 5e-324 (below the smallest bucket)
  CHECK(extremes.value_at_rank(3) == 0);
}
