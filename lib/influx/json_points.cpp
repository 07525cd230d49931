#include "influx/json_points.hpp"

namespace rivulet {

bool JsonPoints::encode(std::string_view text, std::string_view source, uint64_t line,
                        std::string* out, int64_t* ts_ns, std::string* err) {
  size_t mark = out->size();
  if (!parser_.parse(text, &doc_, err) || !encoder_.encode(doc_, out, ts_ns, err)) return false;
  warnings_->check(encoder_, std::string_view(*out).substr(mark), *ts_ns, source, line);
  return true;
}

}  // namespace rivulet
