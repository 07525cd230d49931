#include "influx/batch_sender.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <random>
#include <utility>

#include "http/gzip.hpp"
#include "io/signals.hpp"
#include "time/duration.hpp"

namespace rivulet {

int64_t retry_delay_ns(const RetryOptions& options, int attempt, double jitter,
                       double retry_after_seconds) {
  int64_t base = options.initial_backoff_ns;
  for (int i = 0; i < attempt && base < options.max_backoff_ns; ++i) base *= 2;
  base = std::min(base, options.max_backoff_ns);
  int64_t delay = base / 2 + static_cast<int64_t>(static_cast<double>(base / 2) * jitter);
  if (retry_after_seconds >= 0) {
    double asked = retry_after_seconds * 1e9;
    if (asked > 9e18) asked = 9e18;
    delay = std::max(delay, static_cast<int64_t>(asked));
  }
  return delay;
}

BatchSender::BatchSender(HttpTransport* transport, RetryClock* clock, const Endpoint* endpoint,
                         RetryOptions retry, bool gzip, SpillFile* spill,
                         std::function<double()> jitter)
    : transport_(transport),
      clock_(clock),
      endpoint_(endpoint),
      retry_(retry),
      gzip_(gzip),
      spill_(spill),
      jitter_(std::move(jitter)) {
  if (!jitter_) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    jitter_ = [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
  }
}

BatchSender::Verdict BatchSender::classify(const HttpResponse& response) {
  int s = response.status;
  if (s >= 200 && s < 300) return Verdict::kWritten;
  if (s == 0 && response.permanent_error) return Verdict::kFatal;
  if (s == 0 || s == 408 || s == 429 || s >= 500) return Verdict::kRetry;
  if (s == 413) return Verdict::kSplit;
  if (s == 400 || s == 422) return Verdict::kBadPoints;
  return Verdict::kFatal;
}

void BatchSender::give_up(const Batch& batch, size_t lo, size_t hi, SendOutcome* outcome) {
  if (lo >= hi) return;
  outcome->unsent += hi - lo;
  if (spill_ != nullptr) {
    spill_text_.clear();
    batch.append_spill_lines(lo, hi, &spill_text_);
    spill_->append(spill_text_);
    outcome->spilled = true;
  }
}

void BatchSender::start_stop_grace(long long now) {
  long long at = clock_->stop_time_ns();
  stop_deadline_ = (at > 0 && at <= now ? at : now) + retry_.stop_grace_ns;
}

void BatchSender::note_failure(const std::string& reason) {
  if (failing_since_ != 0) return;
  failing_since_ = clock_->now_ns();
  if (notice_) notice_(ServerNotice{ServerNotice::Kind::kNotAnswering, reason, 0});
}

void BatchSender::note_success() {
  known_down_ = false;
  if (failing_since_ == 0) return;
  long long down = clock_->now_ns() - failing_since_;
  failing_since_ = 0;
  if (notice_) notice_(ServerNotice{ServerNotice::Kind::kAnswering, "", down});
}

bool BatchSender::probe_due() {
  long long now = clock_->now_ns();
  if (now < next_probe_ || clock_->stopping()) return false;
  next_probe_ = now + retry_.max_backoff_ns;
  return true;
}

std::string BatchSender::known_down_reason() const {
  return fmt::format(
      "the server is not answering ({}); not retried, since an earlier batch already retried "
      "for {}",
      down_reason_, format_duration(retry_.max_retry_time_ns));
}

void BatchSender::prepare(Batch* batch) const {
  if (gzip_ && !batch->empty()) gzip_compress(batch->lines(0, batch->size()), &batch->compressed());
}

SendOutcome BatchSender::send(const Batch& batch) {
  SendOutcome outcome;
  outcome.points = batch.size();
  if (batch.empty()) return outcome;
  if (failed()) {
    outcome.unsent_reason = "an earlier request failed for good";
    give_up(batch, 0, batch.size(), &outcome);
    return outcome;
  }
  if (known_down_ && !probe_due()) {
    outcome.unsent_reason = known_down_reason();
    give_up(batch, 0, batch.size(), &outcome);
    return outcome;
  }
  bool probing = known_down_;  // one attempt: a failure spills the batch at once

  HttpRequest request;
  request.url = endpoint_->write_url(batch.precision());
  request.headers = endpoint_->auth_headers();
  request.headers.push_back("Content-Type: text/plain; charset=utf-8");
  if (gzip_) request.headers.push_back("Content-Encoding: gzip");

  // Ranges of points still to send, taken from the back; halves are pushed so the lower
  // half goes first and points keep their input order.
  std::vector<std::pair<size_t, size_t>> work{{0, batch.size()}};
  long long deadline = 0;  // set while failing; cleared by any success
  while (!work.empty()) {
    // Plain variables, not a structured binding: the lambda below captures them.
    const size_t lo = work.back().first, hi = work.back().second;
    work.pop_back();
    std::string_view lines = batch.lines(lo, hi);
    if (gzip_ && lo == 0 && hi == batch.size() && !batch.compressed().empty()) {
      request.body = batch.compressed();
    } else if (gzip_) {
      gzip_compress(lines, &body_);
      request.body = body_;
    } else {
      request.body = lines;
    }
    // Gives up on this range and every one still queued.
    auto abandon = [&](std::string reason) {
      outcome.unsent_reason = std::move(reason);
      give_up(batch, lo, hi, &outcome);
      for (auto [l, h] : work) give_up(batch, l, h, &outcome);
      return outcome;
    };
    for (int attempt = 0;; ++attempt) {
      if (clock_->stopping()) {
        // One grace period for the whole shutdown, not one per batch still to send.
        long long now = clock_->now_ns();
        if (stop_deadline_ == 0) start_stop_grace(now);
        if (now >= stop_deadline_) {
          return abandon(fmt::format("not sent: the stop grace of {} is over",
                                     format_duration(retry_.stop_grace_ns)));
        }
      }
      HttpResponse response = transport_->perform(request);
      ++outcome.requests;
      Verdict verdict = classify(response);
      if (verdict == Verdict::kWritten) {
        outcome.written += hi - lo;
        outcome.latency_total_ns += response.elapsed_ns;
        outcome.latency_max_ns = std::max(outcome.latency_max_ns, response.elapsed_ns);
        ++outcome.latency_count;
        deadline = 0;
        note_success();
        probing = false;
        break;
      }
      std::string message = response.status == 0
                                ? response.transport_error
                                : server_error_message(response.status, response.body);
      if (verdict == Verdict::kSplit || verdict == Verdict::kBadPoints) {
        if (hi - lo > 1) {
          size_t mid = lo + (hi - lo) / 2;
          work.emplace_back(mid, hi);
          work.emplace_back(lo, mid);
        } else {
          std::string why = verdict == Verdict::kSplit
                                ? "the point is too large for the server (HTTP 413)"
                                : "the server refused the point: " + message;
          outcome.rejected.push_back(RejectedPoint{batch.source(lo), batch.line_number(lo),
                                                   std::string(batch.original(lo)), why});
        }
        break;
      }
      if (verdict == Verdict::kFatal) {
        fatal_ = response.status == 0 ? endpoint_->explain_transport_failure(message)
                                      : endpoint_->explain_failure(response.status, message);
        outcome.fatal = fatal_;
        // The caller reports the explanation itself once; keep this one short.
        return abandon(
            (response.status == 0 ? message : "HTTP " + std::to_string(response.status)) +
            " (see below)");
      }
      // server_error_message says "HTTP 503" itself when the server gave no text.
      std::string status_text = "HTTP " + std::to_string(response.status);
      std::string failure =
          response.status == 0 || message == status_text ? message : status_text + ": " + message;
      note_failure(failure);
      if (probing) {
        down_reason_ = failure;
        return abandon(known_down_reason());
      }
      long long now = clock_->now_ns();
      if (deadline == 0) deadline = now + retry_.max_retry_time_ns;
      if (clock_->stopping()) {
        if (stop_deadline_ == 0) start_stop_grace(now);
        deadline = std::min(deadline, stop_deadline_);
      }
      int64_t delay = retry_delay_ns(retry_, attempt, jitter_(), response.retry_after_seconds);
      if (now + delay > deadline) {
        if (!clock_->stopping()) {
          known_down_ = true;
          next_probe_ = now + retry_.max_backoff_ns;
          down_reason_ = failure;
        }
        return abandon(
            failure + " (gave up after " + format_duration(retry_.max_retry_time_ns) +
            (clock_->stopping() ? ", or sooner because of the stop signal)" : " of retries)"));
      }
      ++outcome.retries;
      clock_->sleep_until(now + delay);
    }
  }
  return outcome;
}

}  // namespace rivulet
