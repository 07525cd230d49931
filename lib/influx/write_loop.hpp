#pragma once
// influx-write's main loop: read lines, batch their points, send the batches on a sending
// thread, report what the server refused or what could not be sent.

#include "influx/endpoint.hpp"
#include "influx/json_points.hpp"
#include "influx/write_options.hpp"
#include "io/diagnostics.hpp"
#include "io/line_reader.hpp"

namespace rivulet {

// Writes the points of every line of *inputs (JSON input, `points` given; line protocol,
// `points` null) to `endpoint`, until the input ends, --strict stops it, the server refuses
// for good or --checkpoint cannot go on. Bad lines and server refusals go to *diagnostics.
// Returns true if everything read was stored (else the exit status is 1). Throws
// rivulet::Error for a failure outside the data (an unwritable spill or checkpoint file).
bool write_points(const InfluxWriteOptions& options, const BatchingOptions& batching,
                  const Endpoint& endpoint, InputChain* inputs, JsonPoints* points,
                  Diagnostics* diagnostics);

}  // namespace rivulet
