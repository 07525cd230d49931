#pragma once
// Parsing a run of buffered NDJSON lines as one simdjson document stream (iterate_many): one
// stage-1 pass over the whole block instead of one per line, each document mapped back to
// its line, and any line the block cannot vouch for parsed alone as before.

#include <simdjson.h>

#include <algorithm>
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
  static constexpr size_t kBatchBytes = kReadBlockBytes;

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
  // said stop. `visitor` is a LineBatchVisitor; a template, so that a final visitor's calls
  // (one read and one accept per line) are direct and may be inlined.
  template <class Visitor>
  bool parse(Visitor* visitor);

 private:
  // Where line k's document must start: its first byte that is not JSON whitespace, as an
  // offset from the first line's start.
  size_t document_start(size_t k) const;

  std::vector<Line> lines_;
  simdjson::ondemand::parser parser_;
};

inline size_t LineBatch::document_start(size_t k) const {
  std::string_view text = lines_[k].text;
  return static_cast<size_t>(text.data() + json_whitespace_prefix(text) -
                             lines_.front().text.data());
}

// Why the start of the next document is proof enough: the lines lie in one buffer with only
// JSON whitespace between them (line endings, blank lines), so stage 1 over the block finds
// in each line the same structure as over the line alone, as long as it enters the line
// outside a string. If document k starts where line k does and document k+1 where line k+1
// does, document k lies within line k (plus whitespace) and line k+1 is entered outside a
// string (a document's first byte is never inside one). Any other layout (a document across
// lines, two in a line, a line of no JSON, a stage-1 error anywhere) sends the lines from the
// first not proven on to handle_alone.
template <class Visitor>
bool LineBatch::parse(Visitor* visitor) {
  size_t k = 0;  // the line whose document comes next
  if (lines_.size() > 1) {
    const char* begin = lines_.front().text.data();
    size_t size = static_cast<size_t>(text_end(lines_.back()) - begin);
    simdjson::ondemand::document_stream stream;
    // A batch size of at least the block keeps it to one stage-1 pass and one thread.
    if (parser_.iterate_many(begin, size, std::max(size, kBatchBytes)).get(stream) ==
        simdjson::SUCCESS) {
      auto it = stream.begin();
      bool proven = it != stream.end() && it.current_index() == document_start(0);
      while (proven) {
        simdjson::ondemand::document_reference ref;
        simdjson::ondemand::json_type type;
        if ((*it).get(ref) != simdjson::SUCCESS) break;
        JsonDocument& doc = ref;
        if (doc.type().get(type) != simdjson::SUCCESS ||
            type != simdjson::ondemand::json_type::object || !visitor->read(doc, lines_[k])) {
          break;
        }
        ++it;
        bool last = k + 1 == lines_.size();
        proven = last ? !(it != stream.end())
                      : it != stream.end() && it.current_index() == document_start(k + 1);
        if (!proven) break;
        if (!visitor->accept(lines_[k])) return false;
        if (++k == lines_.size()) return true;
      }
    }
  }
  for (; k < lines_.size(); ++k) {
    if (!visitor->handle_alone(lines_[k])) return false;
  }
  return true;
}

}  // namespace rivulet
