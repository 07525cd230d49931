#pragma once
// influx-write --print: line protocol to stdout instead of a server.

#include "influx/json_points.hpp"
#include "influx/write_options.hpp"
#include "io/diagnostics.hpp"
#include "io/line_reader.hpp"

namespace rivulet {

// Reads every line of *inputs and prints its point (JSON input, `points` given) or the line
// itself (line protocol input, `points` null; comments dropped), with timestamps in
// `precision`. Bad lines go to *diagnostics. Returns when the input ends or --strict stops it.
void print_points(const InfluxWriteOptions& options, TimeUnit precision, InputChain* inputs,
                  JsonPoints* points, Diagnostics* diagnostics);

}  // namespace rivulet
