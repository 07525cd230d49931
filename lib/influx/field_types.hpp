#pragma once
// Which fields the database already stores as integers (SHOW FIELD KEYS), asked once before
// writing: InfluxDB refuses a value whose type differs from its field's, so influx-write
// writes each number as the type its field already has.

#include <string>
#include <string_view>
#include <vector>

#include "http/http_transport.hpp"
#include "influx/endpoint.hpp"

namespace rivulet {

// The integer fields named in a SHOW FIELD KEYS answer (InfluxDB 1.x JSON), sorted, each
// once. False with *err on a body that is not such an answer or carries an error.
bool parse_integer_field_keys(std::string_view body, std::vector<std::string>* keys,
                              std::string* err);

// Asks the server which fields of `measurement` (all measurements when empty) are integers.
// False with *err when the server cannot be asked (unreachable, refused, a 2.x bucket
// without the 1.x query API): the caller then knows nothing about existing fields.
bool fetch_integer_fields(HttpTransport* transport, const Endpoint& endpoint,
                          const std::string& measurement, std::vector<std::string>* keys,
                          std::string* err);

}  // namespace rivulet
