#include "influx/field_types.hpp"

#include <simdjson.h>

#include <algorithm>

namespace rivulet {

bool parse_integer_field_keys(std::string_view body, std::vector<std::string>* keys,
                              std::string* err) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto e = parser.parse(body.data(), body.size()).get(doc); e != simdjson::SUCCESS) {
    *err =
        std::string("invalid JSON in the answer to SHOW FIELD KEYS: ") + simdjson::error_message(e);
    return false;
  }
  std::string_view message;
  simdjson::dom::array results;
  if (doc["error"].get_string().get(message) == simdjson::SUCCESS ||
      doc["results"].get_array().get(results) != simdjson::SUCCESS) {
    *err = "SHOW FIELD KEYS: " + std::string(message.empty() ? "unexpected answer" : message);
    return false;
  }
  for (simdjson::dom::element result : results) {
    if (result["error"].get_string().get(message) == simdjson::SUCCESS) {
      *err = "SHOW FIELD KEYS: " + std::string(message);
      return false;
    }
    simdjson::dom::array series;
    if (result["series"].get_array().get(series) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element s : series) {
      simdjson::dom::array values;
      if (s["values"].get_array().get(values) != simdjson::SUCCESS) continue;
      for (simdjson::dom::element row : values) {
        std::string_view name, type;
        if (row.at(0).get_string().get(name) == simdjson::SUCCESS &&
            row.at(1).get_string().get(type) == simdjson::SUCCESS && type == "integer") {
          keys->emplace_back(name);
        }
      }
    }
  }
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
  return true;
}

bool fetch_integer_fields(HttpTransport* transport, const Endpoint& endpoint,
                          const std::string& measurement, std::vector<std::string>* keys,
                          std::string* err) {
  std::string query = "SHOW FIELD KEYS";
  if (!measurement.empty()) query += " FROM " + quote_identifier(measurement);
  HttpRequest request;
  request.method = "GET";
  request.url = endpoint.query_url(query, "", false);
  request.headers = endpoint.auth_headers();
  HttpResponse response = transport->perform(request);
  if (response.status != 200) {
    *err = response.status == 0 ? response.transport_error
                                : server_error_message(response.status, response.body);
    return false;
  }
  return parse_integer_field_keys(response.body, keys, err);
}

}  // namespace rivulet
