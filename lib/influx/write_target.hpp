#pragma once
// What influx-write does before its first write: create the database, learn the types of
// the fields it has.

#include <string>
#include <vector>

#include "http/http_transport.hpp"
#include "influx/endpoint.hpp"

namespace rivulet {

enum class CreateDatabase {
  kNo,
  kIfAllowed,  // try; a refusal or an unreachable server is left for the writes to report
  kRequired,   // try; throw rivulet::Error (UsageError for a 2.x bucket) if it fails
};

// For a 1.x database: creates it as `create` says, then (unless integer_keys is null)
// appends the integer fields of `measurement` (all measurements when empty) to
// *integer_keys. A server that cannot answer (down, or a 2.x bucket) leaves *integer_keys as
// it was: new fields are floats.
void prepare_write_target(HttpTransport* transport, const Endpoint& endpoint, CreateDatabase create,
                          const std::string& measurement, std::vector<std::string>* integer_keys);

}  // namespace rivulet
