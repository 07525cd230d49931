#include "influx/batch_sender.hpp"

#include <time.h>

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

long long SystemRetryClock::now_ns() { return monotonic_now_ns(); }

void SystemRetryClock::sleep_until(long long deadline_ns) {
  if (!stop_requested() && sleep_until_monotonic(deadline_ns)) return;
  // Stopping: keep the (already shortened) backoff rather than spinning on the stop pipe.
  timespec ts{static_cast<time_t>(deadline_ns / 1000000000),
              static_cast<long>(deadline_ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

bool SystemRetryClock::stopping() { return stop_requested(); }

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
    auto [lo, hi] = work.back();
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
    for (int attempt = 0;; ++attempt) {
      HttpResponse response = transport_->perform(request);
      ++outcome.requests;
      Verdict verdict = classify(response);
      if (verdict == Verdict::kWritten) {
        outcome.written += hi - lo;
        outcome.latency_total_ns += response.elapsed_ns;
        outcome.latency_max_ns = std::max(outcome.latency_max_ns, response.elapsed_ns);
        ++outcome.latency_count;
        deadline = 0;
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
        outcome.unsent_reason =
            (response.status == 0 ? message : "HTTP " + std::to_string(response.status)) +
            " (see below)";
        give_up(batch, lo, hi, &outcome);
        for (auto [l, h] : work) give_up(batch, l, h, &outcome);
        return outcome;
      }
      long long now = clock_->now_ns();
      if (deadline == 0) deadline = now + retry_.max_retry_time_ns;
      if (clock_->stopping()) {
        // One grace period for the whole shutdown, not one per batch still to send.
        if (stop_deadline_ == 0) stop_deadline_ = now + retry_.stop_grace_ns;
        deadline = std::min(deadline, stop_deadline_);
      }
      int64_t delay = retry_delay_ns(retry_, attempt, jitter_(), response.retry_after_seconds);
      if (now + delay > deadline) {
        outcome.unsent_reason =
            (response.status == 0 ? message
                                  : "HTTP " + std::to_string(response.status) + ": " + message) +
            " (gave up after " + format_duration(retry_.max_retry_time_ns) +
            (clock_->stopping() ? ", or sooner because of the stop signal)" : " of retries)");
        give_up(batch, lo, hi, &outcome);
        for (auto [l, h] : work) give_up(batch, l, h, &outcome);
        return outcome;
      }
      ++outcome.retries;
      clock_->sleep_until(now + delay);
    }
  }
  return outcome;
}

}  // namespace rivulet
