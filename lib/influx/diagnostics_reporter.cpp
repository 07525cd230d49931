#include "influx/diagnostics_reporter.hpp"

#include <fmt/format.h>

namespace rivulet {

void DiagnosticsReporter::rejected(const RejectedPoint& point) {
  diagnostics_->bad_line(point.source, point.line, point.message, point.original);
}

void DiagnosticsReporter::unsent(uint64_t count, const std::string& reason, bool spilled) {
  diagnostics_->error(
      std::to_string(count) + " points not written: " + reason +
      (spilled ? "; appended to " + spill_path_ : "; lost (use --spill FILE to keep them)"));
}

void DiagnosticsReporter::server(const ServerNotice& notice) {
  if (notice.kind == ServerNotice::Kind::kNotAnswering) {
    diagnostics_->info(
        fmt::format("warning: the server is not answering ({}); retrying, reading stops meanwhile",
                    notice.reason));
  } else {
    diagnostics_->info(fmt::format("the server answers again after {:.1f}s", notice.down_ns / 1e9));
  }
}

}  // namespace rivulet
