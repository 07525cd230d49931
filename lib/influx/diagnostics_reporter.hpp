#pragma once
// Reports what influx-write could not deliver through the tool's Diagnostics, so refused
// points read like any bad input line and lost or spilled points are never silent.

#include <string>

#include "influx/write_session.hpp"
#include "io/diagnostics.hpp"

namespace rivulet {

class DiagnosticsReporter : public WriteReporter {
 public:
  // `spill_path` names the --spill file in messages (empty: none).
  DiagnosticsReporter(Diagnostics* diagnostics, std::string spill_path)
      : diagnostics_(diagnostics), spill_path_(std::move(spill_path)) {}

  // "TOOL: SOURCE:LINE: the server refused the point: ...", the line kept by --reject.
  void rejected(const RejectedPoint& point) override;
  // "TOOL: N points not written: REASON; appended to FILE" (or "; lost ...").
  void unsent(uint64_t count, const std::string& reason, bool spilled) override;
  // "TOOL: warning: the server is not answering (...); retrying" and "the server answers
  // again after 11.7s".
  void server(const ServerNotice& notice) override;

 private:
  Diagnostics* diagnostics_;
  std::string spill_path_;
};

}  // namespace rivulet
