#include "kafka/start_offset.hpp"

#include <cerrno>
#include <cstdlib>

namespace rivulet {

namespace {

bool parse_count(const char* text, int64_t* out) {
  if (*text < '0' || *text > '9') return false;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text, &end, 10);
  if (*end != '\0' || errno != 0) return false;
  *out = v;
  return true;
}

}  // namespace

bool parse_start_offset(const std::string& text, StartOffset* out, std::string* err) {
  // "earliest" and "latest" are Kafka's own words (auto.offset.reset, the Java tools).
  if (text == "beginning" || text == "earliest") {
    *out = {StartOffset::kBeginning, 0};
  } else if (text == "end" || text == "latest") {
    *out = {StartOffset::kEnd, 0};
  } else if (text == "stored") {
    *out = {StartOffset::kStored, 0};
  } else if (!text.empty() && text[0] == '-' && parse_count(text.c_str() + 1, &out->value)) {
    out->kind = StartOffset::kTail;
  } else if (!text.empty() && text[0] == '@' && parse_count(text.c_str() + 1, &out->value)) {
    out->kind = StartOffset::kTimestamp;
  } else if (parse_count(text.c_str(), &out->value)) {
    out->kind = StartOffset::kAbsolute;
  } else {
    *err = "\"" + text +
           "\": expected beginning (earliest), end (latest), stored, N, -N or @TIMESTAMP_MS";
    return false;
  }
  return true;
}

}  // namespace rivulet
