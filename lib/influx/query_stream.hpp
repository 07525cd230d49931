#pragma once
// Turns an InfluxDB 1.x /query response into NDJSON rows while it arrives. A chunked
// response (chunked=true) is a sequence of JSON objects, one a line, each holding up to
// chunk_size rows; an unchunked one is a single object. Either way only one chunk is held
// in memory at a time, and a chunk longer than a bound is an error: a server that sends an
// endless line must not take all memory.

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "influx/endpoint.hpp"

namespace rivulet {

// Where rows go: append one JSON object (no newline) to buffer(), then end_row().
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual std::string& buffer() = 0;
  virtual void end_row() = 0;
};

// The longest response line (one chunk) held: with kQueryChunkRows rows a chunk, rows of
// 64 KiB each (InfluxDB's longest string field value) still fit.
constexpr size_t kMaxResponseLine = 64u << 20;

class QueryStreamer {
 public:
  // Rows are written as {"ts":TIME,...tags,...columns}; the time column is renamed "ts"
  // and comes first (its value is copied as the server sent it: request epoch=UNIT).
  // Control characters the server sent inside strings are written as JSON escapes, DEL
  // and U+0080..U+009F included (JSON allows them raw; a terminal would act on them).
  explicit QueryStreamer(RowSink* sink, size_t max_line = kMaxResponseLine)
      : sink_(sink), max_line_(max_line) {}

  // With several statements, each row also says which one it answers: "statement":N after
  // ts, counting from 1 as the statements are written (InfluxDB's statement_id + 1).
  void set_statement_ids(bool on) { statement_ids_ = on; }

  // Feeds the next bytes of the body; they may split a chunk anywhere.
  // Returns false with *err if a chunk is not valid JSON or longer than the bound.
  bool feed(std::string_view data, std::string* err);
  // Ends the body (a last chunk without a newline is fine).
  bool finish(std::string* err);

  // Errors the server reported in the body, one per failed statement, as sent but with
  // control characters made visible (terminal_safe).
  const std::vector<std::string>& errors() const { return errors_; }
  uint64_t rows() const { return rows_; }
  // Whether statement `id` answered with any series (rows), or an error.
  bool answered(size_t id) const { return id < answered_.size() && answered_[id]; }

 private:
  bool parse_chunk(std::string_view chunk, std::string* err);
  void emit_series(simdjson::dom::element series, int64_t statement_id);

  bool too_long(size_t bytes, std::string* err);

  RowSink* sink_;
  size_t max_line_;
  std::string pending_;  // bytes of the chunk being received
  simdjson::dom::parser parser_;
  std::vector<std::string> errors_;
  uint64_t rows_ = 0;
  std::string tag_prefix_;
  bool statement_ids_ = false;
  std::vector<bool> answered_;
};

}  // namespace rivulet
