#include "influx/loss_warnings.hpp"

#include <fmt/format.h>

namespace rivulet {

void LossWarnings::check(const PointEncoder& encoder, std::string_view point, int64_t ts_ns,
                         std::string_view source, uint64_t line) {
  const std::vector<std::string>& unwritten = encoder.unwritten_strings();
  for (; reported_strings_ < unwritten.size(); ++reported_strings_) {
    const std::string& name = unwritten[reported_strings_];
    diagnostics_->warn_line(
        source, line,
        fmt::format("field \"{0}\" is a string and neither a --tag nor a --field, so it is not "
                    "written (add --tag {0}, or --field {0} to keep it as a string field)",
                    name));
  }
  if (std::string odd = plausible_time_.check(ts_ns); !odd.empty()) {
    diagnostics_->warn_line(source, line, odd);
  }
  const auto& imprecise = encoder.imprecise_integers();
  for (; reported_imprecise_ < imprecise.size(); ++reported_imprecise_) {
    const auto& i = imprecise[reported_imprecise_];
    diagnostics_->warn_line(
        source, line,
        fmt::format("field \"{0}\" is a float field, and {1} is more than a float holds "
                    "exactly: InfluxDB stores it rounded (name the field with --integer {0} "
                    "while the database does not have it yet)",
                    i.key, i.value));
  }
  uint64_t earlier = overwrites_.add(point, ts_ns, line);
  if (earlier != 0 && overwrites_.overwritten() == 1) {
    diagnostics_->warn_line(
        source, line,
        fmt::format("same series and time as line {}: InfluxDB keeps only the last of them "
                    "(tag the field that tells them apart)",
                    earlier));
  }
}

void LossWarnings::finish() {
  if (overwrites_.overwritten() > 1) {
    diagnostics_->error(fmt::format(
        "{} points had the series and time of the point before them and overwrite it in "
        "InfluxDB",
        overwrites_.overwritten()));
  }
}

}  // namespace rivulet
