#include "influx/query_statements.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>

#include "influx/query_stream.hpp"

namespace rivulet {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_word(std::string_view s, std::string_view word) {
  if (s.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) != word[i]) return false;
  }
  return s.size() == word.size() || std::isspace(static_cast<unsigned char>(s[word.size()]));
}

// One identifier at the start of `s`: "quoted" (with \" escapes) or bare; *rest is after it.
std::string identifier(std::string_view s, std::string_view* rest) {
  std::string out;
  size_t i = 0;
  if (!s.empty() && s[0] == '"') {
    for (i = 1; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      out += s[i];
    }
    ++i;
  } else {
    while (i < s.size() &&
           (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '-')) {
      out += s[i++];
    }
  }
  *rest = s.substr(std::min(i, s.size()));
  return out;
}

}  // namespace

std::vector<std::string> split_statements(std::string_view query) {
  std::vector<std::string> out;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i <= query.size(); ++i) {
    char c = i < query.size() ? query[i] : ';';
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ';') {
      std::string_view s = trim(query.substr(start, i - start));
      if (!s.empty()) out.emplace_back(s);
      start = i + 1;
    }
  }
  return out;
}

std::string selected_measurement(std::string_view statement) {
  statement = trim(statement);
  if (!starts_with_word(statement, "SELECT")) return {};
  char quote = 0;
  for (size_t i = 0; i + 4 < statement.size(); ++i) {
    char c = statement[i];
    if (quote != 0) {
      if (c == '\\')
        ++i;
      else if (c == quote)
        quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c)) ||
        !starts_with_word(statement.substr(i + 1), "FROM")) {
      continue;
    }
    std::string_view rest = trim(statement.substr(i + 5));
    std::string name = identifier(rest, &rest);
    // db.rp.measurement or rp.measurement: the last part is the measurement.
    while (!rest.empty() && rest[0] == '.') name = identifier(rest.substr(1), &rest);
    rest = trim(rest);
    if (name.empty() || (!rest.empty() && rest[0] == ',')) return {};
    return name;
  }
  return {};
}

std::vector<std::string> missing_measurements(HttpTransport* transport, const Endpoint& endpoint,
                                              const std::vector<std::string>& statements,
                                              const QueryStreamer& streamer) {
  std::vector<std::string> out;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (streamer.answered(i)) continue;
    std::string name = selected_measurement(statements[i]);
    bool exists = true;
    std::string err;
    if (name.empty() || !measurement_exists(transport, endpoint, name, &exists, &err) || exists) {
      continue;
    }
    const EndpointOptions& o = endpoint.options();
    out.push_back(fmt::format("{}measurement \"{}\" not found in {} \"{}\"",
                              statements.size() > 1 ? fmt::format("statement {}: ", i + 1) : "",
                              name, endpoint.v2() ? "bucket" : "database",
                              endpoint.v2() ? o.bucket : o.db));
  }
  return out;
}

bool measurement_exists(HttpTransport* transport, const Endpoint& endpoint,
                        const std::string& measurement, bool* exists, std::string* err) {
  std::string quoted = quote_identifier(measurement);
  HttpRequest request;
  request.method = "GET";
  request.url = endpoint.query_url("SHOW MEASUREMENTS WITH MEASUREMENT = " + quoted, "", false);
  request.headers = endpoint.auth_headers();
  HttpResponse response = transport->perform(request);
  if (response.status != 200) {
    *err = response.status == 0 ? response.transport_error
                                : server_error_message(response.status, response.body);
    return false;
  }
  // Any series in the answer means the measurement is there.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(response.body).get(doc) != simdjson::SUCCESS) {
    *err = "invalid JSON in the answer to SHOW MEASUREMENTS";
    return false;
  }
  simdjson::dom::array results;
  *exists = false;
  if (doc["results"].get_array().get(results) == simdjson::SUCCESS) {
    for (simdjson::dom::element r : results) {
      simdjson::dom::array series;
      if (r["series"].get_array().get(series) == simdjson::SUCCESS && series.size() > 0) {
        *exists = true;
      }
    }
  }
  return true;
}

}  // namespace rivulet
