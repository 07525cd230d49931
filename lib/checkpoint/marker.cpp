#include "checkpoint/marker.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <charconv>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

bool read_int(element e, int64_t* out) { return e.get_int64().get(*out) == simdjson::SUCCESS; }

// closed_through inside {"offset":..,"closed_through":..} or {"closed_through":..}.
std::optional<int64_t> closed_through(object o) {
  int64_t v;
  element e;
  if (o["closed_through"].get(e) == simdjson::SUCCESS && read_int(e, &v)) return v;
  return std::nullopt;
}

void append_quoted(std::string* out, std::string_view s) {
  // Sources are topic names (Kafka allows [a-zA-Z0-9._-]) and a number, but a marker may come
  // from a file or another program: escaped, so whatever parsed formats back to itself.
  append_json_string(*out, s);
}

}  // namespace

bool parse_checkpoint_marker(std::string_view line, CheckpointMarker* out, std::string* err) {
  // Markers are rare (one a second): a DOM parse of a padded copy is simple and cheap enough.
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  element root;
  object body;
  *out = CheckpointMarker();
  if (parser.parse(padded).get(root) != simdjson::SUCCESS ||
      root["rivulet.checkpoint"].get_object().get(body) != simdjson::SUCCESS) {
    *err = "not a checkpoint marker";
    return false;
  }
  element e;
  if (body["id"].get(e) == simdjson::SUCCESS && !read_int(e, &out->id)) {
    *err = "checkpoint marker: \"id\" is not an integer";
    return false;
  }
  bool end = false;
  if (body["end"].get_bool().get(end) == simdjson::SUCCESS) out->end = end;
  object o;
  if (body["commit"].get_object().get(o) == simdjson::SUCCESS) {
    out->kind = CheckpointMarker::Kind::kCommit;
    for (auto field : o) {
      object c;
      PartitionCommit pc;
      if (field.value.get_object().get(c) != simdjson::SUCCESS ||
          c["offset"].get(e) != simdjson::SUCCESS || !read_int(e, &pc.offset)) {
        *err = "checkpoint marker: bad commit for " + std::string(field.key);
        return false;
      }
      pc.closed_through_ns = closed_through(c);
      out->commit.try_emplace(std::string(field.key), pc);  // a repeated key: the first wins
    }
    return true;
  }
  if (body["assigned"].get_object().get(o) == simdjson::SUCCESS) {
    out->kind = CheckpointMarker::Kind::kAssigned;
    for (auto field : o) {
      object c;
      std::optional<int64_t> t;
      if (field.value.get_object().get(c) == simdjson::SUCCESS) t = closed_through(c);
      out->assigned.try_emplace(std::string(field.key), t);
    }
    return true;
  }
  simdjson::dom::array a;
  if (body["revoked"].get_array().get(a) == simdjson::SUCCESS) {
    out->kind = CheckpointMarker::Kind::kRevoked;
    for (element s : a) {
      std::string_view v;
      if (s.get_string().get(v) == simdjson::SUCCESS) out->revoked.emplace_back(v);
    }
    return true;
  }
  out->kind = CheckpointMarker::Kind::kPositions;
  if (body["positions"].get_object().get(o) == simdjson::SUCCESS) {
    for (auto field : o) {
      int64_t v;
      if (!read_int(field.value, &v)) {
        *err = "checkpoint marker: bad position for " + std::string(field.key);
        return false;
      }
      out->positions.try_emplace(std::string(field.key), v);
    }
  }
  return true;
}

void format_checkpoint_marker(const CheckpointMarker& m, std::string* out) {
  using Kind = CheckpointMarker::Kind;
  out->append("{\"rivulet.checkpoint\":{");
  bool first = true;
  auto next = [&] {
    if (!first) out->push_back(',');
    first = false;
  };
  if (m.kind == Kind::kPositions || m.kind == Kind::kCommit) {
    next();
    fmt::format_to(std::back_inserter(*out), "\"id\":{}", m.id);
  }
  if (m.end) {
    next();
    out->append("\"end\":true");
  }
  next();
  bool first_entry = true;
  auto entry = [&](std::string_view source) {
    if (!first_entry) out->push_back(',');
    first_entry = false;
    append_quoted(out, source);
    out->push_back(':');
  };
  switch (m.kind) {
    case Kind::kPositions:
      out->append("\"positions\":{");
      for (const auto& [s, offset] : m.positions) {
        entry(s);
        fmt::format_to(std::back_inserter(*out), "{}", offset);
      }
      out->push_back('}');
      break;
    case Kind::kCommit:
      out->append("\"commit\":{");
      for (const auto& [s, c] : m.commit) {
        entry(s);
        fmt::format_to(std::back_inserter(*out), "{{\"offset\":{}", c.offset);
        if (c.closed_through_ns) {
          fmt::format_to(std::back_inserter(*out), ",\"closed_through\":{}", *c.closed_through_ns);
        }
        out->push_back('}');
      }
      out->push_back('}');
      break;
    case Kind::kAssigned:
      out->append("\"assigned\":{");
      for (const auto& [s, t] : m.assigned) {
        entry(s);
        if (t) {
          fmt::format_to(std::back_inserter(*out), "{{\"closed_through\":{}}}", *t);
        } else {
          out->append("{}");
        }
      }
      out->push_back('}');
      break;
    case Kind::kRevoked:
      out->append("\"revoked\":[");
      for (size_t i = 0; i < m.revoked.size(); ++i) {
        if (i > 0) out->push_back(',');
        append_quoted(out, m.revoked[i]);
      }
      out->push_back(']');
      break;
  }
  out->append("}}");
}

std::string source_name(std::string_view topic, int32_t partition) {
  return fmt::format("{}/{}", topic, partition);
}

bool split_source_name(std::string_view source, std::string* topic, int32_t* partition) {
  size_t slash = source.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  std::string_view digits = source.substr(slash + 1);
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), *partition);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size() || *partition < 0) return false;
  topic->assign(source.substr(0, slash));
  return true;
}

std::string commit_metadata(const std::optional<int64_t>& closed_through_ns) {
  return closed_through_ns ? fmt::format("closed_through={}", *closed_through_ns) : std::string();
}

std::optional<int64_t> parse_commit_metadata(std::string_view metadata) {
  constexpr std::string_view prefix = "closed_through=";
  if (metadata.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view digits = metadata.substr(prefix.size());
  int64_t v;
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

}  // namespace rivulet
