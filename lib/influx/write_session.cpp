#include "influx/write_session.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace rivulet {

namespace {

std::string millis(long long ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fms", static_cast<double>(ns) / 1e6);
  return buf;
}

}  // namespace

std::string format_write_stats(const WriteStats& s, long long elapsed_ns, long long down_ns) {
  std::string out = "points " + std::to_string(s.points_in) + " written " +
                    std::to_string(s.written) + " batches " + std::to_string(s.batches) +
                    " requests " + std::to_string(s.requests) + " retries " +
                    std::to_string(s.retries) + " rejected " + std::to_string(s.rejected) +
                    " spilled " + std::to_string(s.spilled);
  if (s.unsent > s.spilled) out += " lost " + std::to_string(s.unsent - s.spilled);
  if (elapsed_ns > 0) {
    out += " rate " +
           std::to_string(static_cast<uint64_t>(static_cast<double>(s.written) * 1e9 /
                                                static_cast<double>(elapsed_ns))) +
           "/s";
  }
  if (s.latency_count > 0) {
    out += " latency avg " + millis(s.latency_total_ns / static_cast<long long>(s.latency_count)) +
           " max " + millis(s.latency_max_ns);
  }
  if (down_ns > 0) out += fmt::format(" server not answering for {:.1f}s", down_ns / 1e9);
  return out;
}

std::string WriteSession::stats_line(long long started_ns) const {
  long long now = now_ns_();
  return format_write_stats(stats_, now - started_ns, down_since_ns_ > 0 ? now - down_since_ns_ : 0);
}

WriteSession::WriteSession(BatchingOptions options, AsyncBatchWriter* writer,
                           WriteReporter* reporter, std::function<long long()> now_ns)
    : options_(options),
      writer_(writer),
      reporter_(reporter),
      now_ns_(std::move(now_ns)),
      precision_(options.precision) {
  batch_.set_precision(precision_);
  batch_.set_rescalable(!options_.lines_are_line_protocol);
}

bool WriteSession::add_point(std::string_view point, int64_t ts_ns, const std::string& source,
                             uint64_t line, std::string_view original, std::string* err) {
  if (!options_.fixed_precision) {
    Precision needed = precision_needed(ts_ns);
    if (finer(needed, precision_)) {
      if (!batch_.empty()) seal();
      precision_ = needed;
      batch_.set_precision(precision_);
    }
  }
  std::string& text = batch_.text();
  text.append(point.data(), point.size());
  if (!append_timestamp(text, ts_ns, precision_, err)) {
    batch_.discard_partial();
    return false;
  }
  batch_.end_point(source, line, original);
  point_added();
  return true;
}

void WriteSession::add_line(std::string_view line, const std::string& source,
                            uint64_t line_number) {
  batch_.text().append(line.data(), line.size());
  batch_.end_point(source, line_number, line);
  point_added();
}

void WriteSession::point_added() {
  ++stats_.points_in;
  long long now = now_ns_();
  last_point_ns_ = now;
  if (batch_.size() == 1) batch_.set_started_ns(now);
  if (batch_.size() >= options_.batch_size || batch_.bytes() >= options_.max_batch_bytes ||
      now - batch_.started_ns() >= options_.flush_interval_ns) {
    seal();
  }
}

void WriteSession::seal() {
  if (batch_.empty()) return;
  ++stats_.batches;
  writer_->submit(&batch_, [this] { wait_hook(); });
  batch_.set_precision(precision_);
  batch_.set_rescalable(!options_.lines_are_line_protocol);
  report();
}

void WriteSession::tick() {
  long long now = now_ns_();
  if (!batch_.empty() && (now - batch_.started_ns() >= options_.flush_interval_ns ||
                          (options_.quiet_ns > 0 && now - last_point_ns_ >= options_.quiet_ns))) {
    seal();
  }
  report();
}

void WriteSession::finish() {
  seal();
  writer_->wait_idle([this] { wait_hook(); });
  report();
}

void WriteSession::wait_hook() {
  report();
  if (wait_hook_) wait_hook_();
}

void WriteSession::report() {
  for (const auto& notice : writer_->take_notices()) {
    if (notice.kind == ServerNotice::Kind::kNotAnswering) {
      if (down_since_ns_ == 0) down_since_ns_ = now_ns_();
    } else {
      down_since_ns_ = 0;
    }
    reporter_->server(notice);
  }
  for (auto& outcome : writer_->take_outcomes()) {
    stats_.written += outcome.written;
    stats_.requests += outcome.requests;
    stats_.retries += outcome.retries;
    stats_.rejected += outcome.rejected.size();
    stats_.unsent += outcome.unsent;
    if (outcome.spilled) stats_.spilled += outcome.unsent;
    stats_.latency_total_ns += outcome.latency_total_ns;
    stats_.latency_max_ns = std::max(stats_.latency_max_ns, outcome.latency_max_ns);
    stats_.latency_count += outcome.latency_count;
    for (const auto& r : outcome.rejected) reporter_->rejected(r);
    if (outcome.unsent > 0)
      reporter_->unsent(outcome.unsent, outcome.unsent_reason, outcome.spilled);
    if (!outcome.fatal.empty() && fatal_.empty()) fatal_ = outcome.fatal;
  }
}

}  // namespace rivulet
