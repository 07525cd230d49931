#include "window/window_result.hpp"

#include "json/json_writer.hpp"

namespace rivulet {

void ResultWriter::write(std::string& out, int64_t start_ns, int64_t end_ns, std::string_view key,
                         const WindowRows& rows, uint32_t row) const {
  JsonObjectWriter w(out);
  w.key("ts").number(ns_to_epoch(start_ns, unit_));
  w.key("window_end").number(ns_to_epoch(end_ns, unit_));
  key_->write(key, w);
  rows.write(row, w);
  w.close();
}

}  // namespace rivulet
