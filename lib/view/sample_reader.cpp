#include "view/sample_reader.hpp"

#include <algorithm>

#include "json/field_path.hpp"

namespace rivulet {

namespace {

// Unescapes one JSON string token (quotes included); falls back to the raw text if it is not
// a well-formed string, which GroupKey has checked already.
std::string unquote(std::string_view token) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::string(token);
  std::string padded(token);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  std::string_view out;
  if (parser.iterate(padded.data(), token.size(), padded.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_string().get(out) != simdjson::SUCCESS) {
    return std::string(token);
  }
  return std::string(out);
}

}  // namespace

SampleReader::SampleReader(const ViewSpec& spec, EventTimeReader time)
    : time_(std::move(time)),
      window_end_(FieldPath("window_end"), time_.unit()),
      key_(spec.by.empty() ? std::vector<FieldPath>{} : parse_field_list(spec.by)) {
  for (size_t m = 0; m < spec.metric_count(); ++m) metrics_.emplace_back(spec.metric_name(m));
}

SampleStatus SampleReader::read(std::string_view line, ViewSample* sample, std::string* err) {
  sample->values.clear();
  if (!parser_.parse(line, &doc_, err)) return SampleStatus::kBad;
  if (time_.read(doc_, &sample->time_ns, err) != FieldStatus::kOk) return SampleStatus::kBad;
  sample->edge_ns = sample->time_ns;
  int64_t end_ns;
  FieldStatus end = window_end_.read(doc_, &end_ns, err);
  if (end == FieldStatus::kOk) {
    sample->edge_ns = end_ns;
  } else if (end != FieldStatus::kMissing) {
    return SampleStatus::kBad;
  }
  if (!key_.read(doc_, &key_buffer_, &sample->raw_key, err)) return SampleStatus::kBad;
  for (size_t m = 0; m < metrics_.size(); ++m) {
    JsonValue value;
    FieldStatus s = find_field(doc_, metrics_[m], &value, err);
    if (s == FieldStatus::kMissing) continue;
    if (s != FieldStatus::kOk) return SampleStatus::kBad;
    simdjson::ondemand::json_type type;
    if (value.type().get(type) != simdjson::SUCCESS) {
      *err = "field \"" + metrics_[m].text() + "\" is not valid JSON";
      return SampleStatus::kBad;
    }
    // null is how window results write an average of nothing: no point, not an error.
    if (type == simdjson::ondemand::json_type::null) continue;
    double number;
    if (type != simdjson::ondemand::json_type::number ||
        value.get_double().get(number) != simdjson::SUCCESS) {
      *err = "field \"" + metrics_[m].text() + "\" is " + json_type_name(type) + ", not a number";
      return SampleStatus::kBad;
    }
    sample->values.push_back(MetricValue{m, number});
  }
  return sample->values.empty() ? SampleStatus::kNoValues : SampleStatus::kOk;
}

std::string key_label(std::string_view raw_key) {
  std::string label;
  if (raw_key.empty()) return label;
  for (size_t begin = 0;;) {
    size_t end = std::min(raw_key.find('\n', begin), raw_key.size());
    if (begin > 0) label += ", ";
    label += unquote(raw_key.substr(begin, end - begin));
    if (end == raw_key.size()) return label;
    begin = end + 1;
  }
}

}  // namespace rivulet
