#include "influx/query_stream.hpp"

#include <fmt/format.h>

#include <cstring>

#include "http/server_text.hpp"
#include "json/json_writer.hpp"

namespace rivulet {

namespace {

// Writes DEL and the C1 controls (UTF-8 C2 80..C2 9F) in out[from..] as \u escapes. The
// row is valid JSON, where these bytes can only stand inside strings, and the escape
// means the same character: nothing is lost, and a terminal sees no control character.
void escape_raw_controls(std::string& out, size_t from) {
  size_t i = from;
  while (i < out.size() && out[i] != '\x7f' && out[i] != '\xc2') ++i;
  if (i == out.size()) return;  // the usual case: nothing to rewrite
  std::string tail;
  for (size_t j = i; j < out.size(); ++j) {
    auto c = static_cast<unsigned char>(out[j]);
    auto next = j + 1 < out.size() ? static_cast<unsigned char>(out[j + 1]) : 0;
    if (c == 0x7f) {
      tail += "\\u007f";
    } else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
      fmt::format_to(std::back_inserter(tail), "\\u{:04x}", next);
      ++j;
    } else {
      tail += static_cast<char>(c);
    }
  }
  out.resize(i);
  out += tail;
}

}  // namespace

bool QueryStreamer::feed(std::string_view data, std::string* err) {
  while (!data.empty()) {
    const char* nl = static_cast<const char*>(std::memchr(data.data(), '\n', data.size()));
    if (nl == nullptr) {
      if (too_long(pending_.size() + data.size(), err)) return false;
      pending_.append(data.data(), data.size());
      return true;
    }
    size_t n = static_cast<size_t>(nl - data.data());
    if (too_long(pending_.size() + n, err)) return false;
    bool ok;
    if (pending_.empty()) {
      ok = parse_chunk(data.substr(0, n), err);
    } else {
      pending_.append(data.data(), n);
      ok = parse_chunk(pending_, err);
      pending_.clear();
    }
    if (!ok) return false;
    data.remove_prefix(n + 1);
  }
  return true;
}

bool QueryStreamer::too_long(size_t bytes, std::string* err) {
  if (bytes <= max_line_) return false;
  *err = fmt::format(
      "a line of the server's response is longer than {} MiB (InfluxDB sends at most {} rows "
      "a line): stopped reading it",
      max_line_ >> 20, kQueryChunkRows);
  pending_.clear();
  pending_.shrink_to_fit();
  return true;
}

bool QueryStreamer::finish(std::string* err) {
  if (pending_.empty()) return true;
  bool ok = parse_chunk(pending_, err);
  pending_.clear();
  return ok;
}

bool QueryStreamer::parse_chunk(std::string_view chunk, std::string* err) {
  while (!chunk.empty() && (chunk.back() == '\r' || chunk.back() == ' ')) chunk.remove_suffix(1);
  if (chunk.empty()) return true;
  simdjson::dom::element doc;
  if (auto e = parser_.parse(chunk.data(), chunk.size(), true).get(doc); e != simdjson::SUCCESS) {
    *err = std::string("invalid JSON in the server's response: ") + simdjson::error_message(e);
    return false;
  }
  std::string_view message;
  if (doc["error"].get_string().get(message) == simdjson::SUCCESS) {
    errors_.push_back(terminal_safe(message));
    return true;
  }
  simdjson::dom::array results;
  if (doc["results"].get_array().get(results) != simdjson::SUCCESS) {
    *err = "unexpected response from the server: no \"results\"";
    return false;
  }
  for (auto result : results) {
    int64_t id = 0;
    if (result["statement_id"].get_int64().get(id) != simdjson::SUCCESS || id < 0) id = 0;
    if (static_cast<size_t>(id) >= answered_.size()) answered_.resize(id + 1, false);
    if (result["error"].get_string().get(message) == simdjson::SUCCESS) {
      errors_.push_back(terminal_safe(message));
      answered_[id] = true;
      continue;
    }
    simdjson::dom::array series;
    if (result["series"].get_array().get(series) != simdjson::SUCCESS) continue;
    for (auto s : series) {
      answered_[id] = true;
      emit_series(s, id);
    }
  }
  return true;
}

void QueryStreamer::emit_series(simdjson::dom::element series, int64_t statement_id) {
  simdjson::dom::array columns, values;
  if (series["columns"].get_array().get(columns) != simdjson::SUCCESS ||
      series["values"].get_array().get(values) != simdjson::SUCCESS) {
    return;
  }
  // The tags are the same for every row of a series: render them once.
  tag_prefix_.clear();
  simdjson::dom::object tags;
  if (series["tags"].get_object().get(tags) == simdjson::SUCCESS) {
    for (auto [key, value] : tags) {
      tag_prefix_ += ',';
      append_json_string(tag_prefix_, key);
      tag_prefix_ += ':';
      tag_prefix_ += simdjson::minify(value);
    }
  }
  std::vector<std::string_view> names;
  int time_index = -1;
  for (auto c : columns) {
    std::string_view name;
    if (c.get_string().get(name) != simdjson::SUCCESS) name = "";
    if (name == "time" && time_index < 0) time_index = static_cast<int>(names.size());
    names.push_back(name);
  }
  for (auto row : values) {
    simdjson::dom::array cells;
    if (row.get_array().get(cells) != simdjson::SUCCESS) continue;
    std::string& out = sink_->buffer();
    size_t row_start = out.size();
    out += '{';
    bool first = true;
    if (time_index >= 0) {
      simdjson::dom::element t;
      if (cells.at(static_cast<size_t>(time_index)).get(t) == simdjson::SUCCESS) {
        out += "\"ts\":";
        out += simdjson::minify(t);
        first = false;
      }
    }
    if (statement_ids_) {
      out += first ? "\"statement\":" : ",\"statement\":";
      out += std::to_string(statement_id + 1);
      first = false;
    }
    if (!tag_prefix_.empty()) {
      out.append(tag_prefix_, first ? 1 : 0, std::string::npos);
      first = false;
    }
    size_t i = 0;
    for (auto cell : cells) {
      if (i < names.size() && static_cast<int>(i) != time_index) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, names[i]);
        out += ':';
        out += simdjson::minify(cell);
      }
      ++i;
    }
    out += '}';
    escape_raw_controls(out, row_start);
    sink_->end_row();
    ++rows_;
  }
}

}  // namespace rivulet
