#pragma once
// The options every NDJSON-reading tool has, as plain values: lib/ reads them without
// depending on the command-line layer (lib/cli fills them).

#include <string>

#include "io/diagnostics.hpp"
#include "json/field_path.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

// Options about bad input that every NDJSON-reading tool has.
struct BadInputOptions {
  std::string reject_path;
  bool strict = false;
};

// Options about when an event happened.
struct TimeOptions {
  std::string field = "ts";
  TimeUnitOrAuto unit = kAutoTimeUnit;
  EventTimeReader reader() const { return EventTimeReader(FieldPath(field), unit); }
};

// Applies BadInputOptions to a Diagnostics. Throws rivulet::Error on an unopenable file.
void apply_bad_input_options(const BadInputOptions& options, Diagnostics* diagnostics);

}  // namespace rivulet
