#include "influx/write_options.hpp"

namespace rivulet {

namespace {

std::vector<FieldPath> field_paths(const std::vector<std::string>& lists) {
  std::vector<FieldPath> out;
  for (const auto& l : lists) {
    for (auto& p : parse_field_list(l)) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<std::string> integer_keys(const std::vector<std::string>& lists) {
  std::vector<std::string> keys;
  for (const FieldPath& path : field_paths(lists)) {
    std::string key;
    for (const std::string& part : path.parts()) key += (key.empty() ? "" : "_") + part;
    keys.push_back(key);
  }
  return keys;
}

PointMapping point_mapping(const InfluxWriteOptions& o) {
  PointMapping mapping;
  mapping.measurement =
      o.measurement.empty() && o.measurement_field.empty() ? kDefaultMeasurement : o.measurement;
  if (!o.measurement_field.empty()) mapping.measurement_field = FieldPath(o.measurement_field);
  mapping.tags = field_paths(o.tags);
  mapping.fields = field_paths(o.fields);
  mapping.time_field = FieldPath(o.time.field);
  mapping.time_unit = o.time.unit;
  mapping.integer_keys = integer_keys(o.integers);
  mapping.strings_as_tags = o.tags.empty();
  return mapping;
}

BatchingOptions batching_options(const InfluxWriteOptions& o) {
  BatchingOptions batching;
  batching.batch_size = o.batch_size;
  batching.flush_interval_ns = o.flush_interval_ns;
  batching.lines_are_line_protocol = o.line_protocol_input();
  batching.fixed_precision = o.precision != "auto";
  if (batching.fixed_precision) {
    parse_time_unit(o.precision, &batching.precision);
  } else if (o.line_protocol_input() || o.print) {
    batching.precision = TimeUnit::kNanos;  // line protocol's own default: self-describing
  } else {
    // The --time-unit's own; auto starts in ms, the schema default.
    batching.precision = o.time.unit.value_or(TimeUnit::kMillis);
  }
  return batching;
}

}  // namespace rivulet
