#include "json/line_batch.hpp"

#include <algorithm>

namespace rivulet {

using simdjson::ondemand::json_type;

size_t LineBatch::document_start(size_t k) const {
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
bool LineBatch::parse(LineBatchVisitor* visitor) {
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
        json_type type;
        if ((*it).get(ref) != simdjson::SUCCESS) break;
        JsonDocument& doc = ref;
        if (doc.type().get(type) != simdjson::SUCCESS || type != json_type::object ||
            !visitor->read(doc, lines_[k])) {
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
