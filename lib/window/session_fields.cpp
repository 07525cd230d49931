#include "window/session_fields.hpp"

#include "json/json_writer.hpp"

namespace rivulet {

std::vector<std::string> SessionFields::result_names() const {
  std::vector<std::string> names{"duration_ms", "count"};
  for (const FieldPath& f : keep_.fields()) names.push_back(f.text());
  return names;
}

void SessionFields::write(std::string& out, const GroupKey& key_fields, std::string_view key,
                          const Session& session) const {
  constexpr int64_t kMillisecond = 1000000;
  JsonObjectWriter w(out);
  w.key("ts").number(ns_to_epoch(session.first_ns, unit_));
  w.key("session_end").number(ns_to_epoch(session.last_ns, unit_));
  key_fields.write(key, w);
  w.key("duration_ms").number((session.last_ns - session.first_ns) / kMillisecond);
  w.key("count").number(session.count);
  keep_.write(session.first_values, w);
  w.close();
}

}  // namespace rivulet
