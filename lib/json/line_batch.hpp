#pragma once
// Parsing a run of buffered NDJSON lines as one simdjson document stream (iterate_many): one
// stage-1 pass over the whole block instead of one per line, each document mapped back to
// its line, and any line the block cannot vouch for parsed alone as before.

#include <simdjson.h>

#include <cstddef>
#include <vector>

#include "io/line_reader.hpp"
#include "json/json_line.hpp"

namespace rivulet {

// What a LineBatch hands each line to. read() must have no effect beyond remembering what
// it read: the batch acts on a document (accept) only once the next document's start shows
// that this one lies wholly in its own line, as when the line is parsed alone.
class LineBatchVisitor {
 public:
  virtual ~LineBatchVisitor() = default;
  // Reads `doc`, the JSON object that is the whole of `line`. False if the line is bad: the
  // batch then passes it to handle_alone, so its error reads exactly as for a line alone.
  virtual bool read(JsonDocument& doc, const Line& line) = 0;
  // Acts on what read() read last, which was `line`. False: stop the batch.
  virtual bool accept(const Line& line) = 0;
  // Parses and acts on `line` by itself (JsonLineParser). False: stop the batch.
  virtual bool handle_alone(const Line& line) = 0;
};

class LineBatch {
 public:
  static const char* text_end(const Line& line) { return line.text.data() + line.text.size(); }

  // A batch holds whole lines up to about this many bytes; a longer line is a batch alone.
  static constexpr size_t kBatchBytes = 256 * 1024;

  // Starts a batch with `first` (just returned by reader->next()) and adds the complete
  // lines `reader` (a LineReader or InputChain) holds buffered after it, up to kBatchBytes.
  // They stay valid together until reader->next() is called again.
  template <class Reader>
  void collect(const Line& first, Reader* reader) {
    lines_.clear();
    lines_.push_back(first);
    // Each line is read straight into its place: a Line copied from a local just written
    // costs a stalled load per line.
    while (static_cast<size_t>(text_end(lines_.back()) - first.text.data()) < kBatchBytes) {
      lines_.emplace_back();
      if (!reader->next_buffered(&lines_.back())) {
        lines_.pop_back();
        break;
      }
    }
  }

  const std::vector<Line>& lines() const { return lines_; }

  // Hands every line of the batch, in order, to `visitor`: read() then accept() for each
  // line up to the first one whose document is not the whole of its line or that read()
  // finds bad; handle_alone() for that line and all after it. Returns false if the visitor
  // said stop.
  bool parse(LineBatchVisitor* visitor);

 private:
  // Where line k's document must start: its first byte that is not JSON whitespace, as an
  // offset from the first line's start.
  size_t document_start(size_t k) const;

  std::vector<Line> lines_;
  simdjson::ondemand::parser parser_;
};

}  // namespace rivulet
