#pragma once
// One NDJSON line to one point (without its time), for both of influx-write's loops: parse,
// encode, then the loss warnings on what was encoded.

#include <cstdint>
#include <string>
#include <string_view>

#include "influx/loss_warnings.hpp"
#include "influx/point_encoder.hpp"
#include "json/json_line.hpp"

namespace rivulet {

class JsonPoints {
 public:
  // `warnings` must outlive this.
  JsonPoints(PointMapping mapping, LossWarnings* warnings)
      : encoder_(std::move(mapping)), warnings_(warnings) {}

  // Appends the point for `text` (with LineReader's padding after it) to *out and sets
  // *ts_ns; false with *err (and *out unchanged) for bad input.
  bool encode(std::string_view text, std::string_view source, uint64_t line, std::string* out,
              int64_t* ts_ns, std::string* err);

 private:
  PointEncoder encoder_;
  LossWarnings* warnings_;
  JsonLineParser parser_;
  JsonDocument doc_;
};

}  // namespace rivulet
