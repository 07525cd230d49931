#pragma once
// influx-write's options, as its command line sets them, and what follows from them: the
// point mapping, the batching and the integer field keys.

#include <cstdint>
#include <string>
#include <vector>

#include "influx/endpoint.hpp"
#include "influx/point_encoder.hpp"
#include "influx/write_session.hpp"
#include "io/input_options.hpp"
#include "io/stats_ticker.hpp"

namespace rivulet {

// Without --measurement, points go to this measurement (as Telegraf names its own).
constexpr const char* kDefaultMeasurement = "rivulet";

struct InfluxWriteOptions {
  std::vector<std::string> inputs;
  EndpointOptions endpoint;
  std::string measurement, measurement_field, input = "json", precision = "auto", spill;
  std::string checkpoint;
  std::vector<std::string> tags, fields, integers;  // each maybe a comma list
  TimeOptions time;
  BadInputOptions bad_input;
  StatsFormat stats = StatsFormat::kOff;
  bool print = false, line_buffered = false, gzip = false, no_gzip = false, create_db = false,
       no_create_db = false;
  size_t batch_size = 5000;
  int64_t flush_interval_ns = 1'000'000'000;
  int64_t max_retry_time_ns = 60'000'000'000;

  bool line_protocol_input() const { return input == "lp"; }
};

// The line-protocol keys of --integer fields: a.b is written as a_b.
std::vector<std::string> integer_keys(const std::vector<std::string>& lists);

// The mapping of JSON objects to points. Throws UsageError for contradictions.
PointMapping point_mapping(const InfluxWriteOptions& options);

// Batch size, flush interval and the precision batches start in (or keep, with a fixed
// --precision).
BatchingOptions batching_options(const InfluxWriteOptions& options);

}  // namespace rivulet
