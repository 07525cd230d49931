#pragma once
// influx-write as a whole, behind its option wiring: NDJSON (or line protocol) from the
// inputs to InfluxDB, or to stdout with --print.

#include "influx/write_options.hpp"

namespace rivulet {

// Runs influx-write. Messages go to stderr through Diagnostics; returns the exit status
// (1 when input was bad, refused or not stored). Throws UsageError for inconsistent options
// and rivulet::Error for failures outside the data (an unreachable server with --create-db,
// an unwritable spill file).
int run_influx_write(const InfluxWriteOptions& options);

}  // namespace rivulet
