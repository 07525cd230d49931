#include "influx/write_session.hpp"

#include <algorithm>

namespace rivulet {

StatsRecord write_stats_record(const WriteStats& s, int64_t down_ns) {
  StatsRecord record;
  record.count("points", s.points_in)
      .count("written", s.written)
      .count("batches", s.batches)
      .count("requests", s.requests)
      .count("retries", s.retries)
      .count("rejected", s.rejected)
      .count("spilled", s.spilled)
      .count("lost", s.unsent - s.spilled);
  if (s.latency_count > 0) {
    double count = static_cast<double>(s.latency_count);
    record.quantity("latency_avg", static_cast<double>(s.latency_total_ns) / count / 1e6, "ms")
        .quantity("latency_max", static_cast<double>(s.latency_max_ns) / 1e6, "ms");
  }
  if (down_ns > 0) {
    record.quantity("server_not_answering_for", static_cast<double>(down_ns) / 1e9, "s");
  }
  return record.rate_of("written");
}

StatsRecord WriteSession::stats_record() const {
  return write_stats_record(stats_, down_since_ns_ > 0 ? clock_->now_ns() - down_since_ns_ : 0);
}

WriteSession::WriteSession(BatchingOptions options, AsyncBatchWriter* writer,
                           WriteReporter* reporter, const Clock* clock)
    : options_(options),
      writer_(writer),
      reporter_(reporter),
      clock_(clock),
      precision_(options.precision) {
  batch_.set_precision(precision_);
  batch_.set_rescalable(!options_.lines_are_line_protocol);
}

bool WriteSession::add_point(std::string_view point, int64_t ts_ns, const std::string& source,
                             uint64_t line, std::string_view original, std::string* err) {
  if (!options_.fixed_precision) {
    TimeUnit needed = coarsest_time_unit(ts_ns);
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
  long long now = clock_->now_ns();
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
  long long now = clock_->now_ns();
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
      if (down_since_ns_ == 0) down_since_ns_ = clock_->now_ns();
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
