#include "influx/diagnostics_reporter.hpp"

namespace rivulet {

void DiagnosticsReporter::rejected(const RejectedPoint& point) {
  diagnostics_->bad_line(point.source, point.line, point.message, point.original);
}

void DiagnosticsReporter::unsent(uint64_t count, const std::string& reason, bool spilled) {
  diagnostics_->error(
      std::to_string(count) + " points not written: " + reason +
      (spilled ? "; appended to " + spill_path_ : "; lost (use --spill FILE to keep them)"));
}

}  // namespace rivulet
