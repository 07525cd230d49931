#pragma once
// The plain-text view for when standard output is not a terminal: a table of the latest
// values, printed periodically and at the end.

#include <cstdint>
#include <string>

#include "view/series_store.hpp"
#include "view/view_spec.hpp"

namespace rivulet {

// Appends a summary: a heading with the latest event time and the counts, then one row per
// metric and key: latest value, change from the previous value, minimum and maximum over
// the span. Columns are aligned with spaces; no escape codes.
void append_plain_summary(const SeriesStore& store, const ViewSpec& spec, uint64_t lines,
                          std::string* out);

// A value with at most two decimals, trailing zeros dropped: 2811.25, 58836, 0.15.
std::string format_plain_value(double value);

}  // namespace rivulet
