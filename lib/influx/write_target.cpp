#include "influx/write_target.hpp"

#include "error.hpp"
#include "influx/field_types.hpp"
#include "io/signals.hpp"

namespace rivulet {

void prepare_write_target(HttpTransport* transport, const Endpoint& endpoint, CreateDatabase create,
                          const std::string& measurement, std::vector<std::string>* integer_keys) {
  if (create == CreateDatabase::kRequired) {
    create_database(transport, endpoint);
  } else if (create == CreateDatabase::kIfAllowed && !endpoint.v2()) {
    try {
      create_database(transport, endpoint);
    } catch (const Error&) {
      // Not allowed to, or not reachable: the writes say what is wrong.
    }
  }
  // 2.x answers InfluxQL only for buckets mapped to a database: new fields are floats there.
  if (integer_keys == nullptr || endpoint.v2() || stop_requested()) return;
  std::vector<std::string> keys;
  std::string err;
  if (fetch_integer_fields(transport, endpoint, measurement, &keys, &err)) {
    integer_keys->insert(integer_keys->end(), keys.begin(), keys.end());
  }
}

}  // namespace rivulet
