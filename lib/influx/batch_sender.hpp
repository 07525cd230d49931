#pragma once
// Sends one batch with influx-write's failure policy: retry what may succeed later
// (connection failures, 429, 5xx) with exponential backoff, jitter and Retry-After, up to a
// time limit; split on 413; bisect a batch the server calls bad (400/422) so every good
// point is written and only the bad ones are rejected; spill what cannot be sent.
//
// Resending is safe because InfluxDB keys a point by series and timestamp: writing the same
// point twice stores it once. A batch retried after a lost response, or a good half of a
// bisected batch that influxd had already written in part, therefore never duplicates data.
//
// Outages: the first failure is announced at once (ServerNotice), and so is the recovery.
// Once one batch has retried for the whole retry time, the server is taken to be down and
// the batches after it are spilled at once, one probe at a time, until a probe succeeds.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "http/http_transport.hpp"
#include "influx/batch.hpp"
#include "influx/endpoint.hpp"
#include "influx/retry_clock.hpp"
#include "influx/spill_file.hpp"

namespace rivulet {

struct RetryOptions {
  int64_t max_retry_time_ns = 60'000'000'000;  // give up after failing this long
  int64_t initial_backoff_ns = 100'000'000;
  int64_t max_backoff_ns = 10'000'000'000;
  int64_t stop_grace_ns = 5'000'000'000;  // after SIGINT/SIGTERM, retry this long at most
};

// Delay before retry number `attempt` (0-based): exponential from the initial backoff,
// capped, with "equal jitter" (half fixed, half random from `jitter` in [0,1)) so many
// writers do not retry in lockstep; at least what the server asked for in Retry-After.
int64_t retry_delay_ns(const RetryOptions& options, int attempt, double jitter,
                       double retry_after_seconds);

// What the sender tells about the server as it happens, not when a batch is done: a person
// watching a stalled pipeline needs to know at once that the server stopped answering.
struct ServerNotice {
  enum class Kind {
    kNotAnswering,  // the first failure that will be retried; `reason` says what failed
    kAnswering,     // a request succeeded after failures; `down_ns` is how long it took
  };
  Kind kind;
  std::string reason;
  long long down_ns = 0;
};

struct RejectedPoint {
  std::string source;
  uint64_t line = 0;
  std::string original;  // the input line
  std::string message;
};

struct SendOutcome {
  uint64_t points = 0;
  uint64_t written = 0;
  uint64_t requests = 0;
  uint64_t retries = 0;
  std::vector<RejectedPoint> rejected;
  uint64_t unsent = 0;  // given up on; in the spill file when `spilled`
  bool spilled = false;
  std::string unsent_reason;
  std::string fatal;  // set on a failure retrying cannot fix (401, 403, 404...)
  long long latency_total_ns = 0;
  long long latency_max_ns = 0;
  uint64_t latency_count = 0;
};

class BatchSender {
 public:
  // `spill` may be null (unsent points are then only counted and reported). `jitter`
  // returns numbers in [0,1); null uses a seeded generator.
  BatchSender(HttpTransport* transport, RetryClock* clock, const Endpoint* endpoint,
              RetryOptions retry, bool gzip, SpillFile* spill,
              std::function<double()> jitter = nullptr);

  // Compresses the whole batch into batch->compressed() if bodies are gzipped. Safe to call
  // on another thread than send(): AsyncBatchWriter does it on the caller's thread, so the
  // next batch is compressed while the previous one is in flight.
  void prepare(Batch* batch) const;

  // Sends every point of `batch` or accounts for it in the outcome. Throws rivulet::Error
  // only if the spill file cannot be written.
  SendOutcome send(const Batch& batch);

  // After a fatal outcome, later batches are not sent but spilled/counted at once.
  bool failed() const { return !fatal_.empty(); }

  // Called on the sending thread as the server stops and starts answering. Set before the
  // first send().
  void set_notice_handler(std::function<void(const ServerNotice&)> handler) {
    notice_ = std::move(handler);
  }

 private:
  enum class Verdict { kWritten, kSplit, kBadPoints, kRetry, kFatal };
  static Verdict classify(const HttpResponse& response);
  void give_up(const Batch& batch, size_t lo, size_t hi, SendOutcome* outcome);
  // One grace period for the whole shutdown, counted from the stop request.
  void start_stop_grace(long long now);
  void note_failure(const std::string& reason);
  void note_success();
  // While the server is known down: true (and the next probe scheduled) when it is time to
  // try one batch again.
  bool probe_due();
  std::string known_down_reason() const;

  HttpTransport* transport_;
  RetryClock* clock_;
  const Endpoint* endpoint_;
  RetryOptions retry_;
  bool gzip_;
  SpillFile* spill_;
  std::function<double()> jitter_;
  std::string fatal_;
  long long stop_deadline_ = 0;  // retrying ends here once a stop was requested
  std::function<void(const ServerNotice&)> notice_;
  long long failing_since_ = 0;  // first failure of the current outage, 0 while answering
  // Set when a batch used up its whole retry time: the server is known down, so later
  // batches are spilled at once instead of each waiting out the retry time again (which
  // would stall the pipeline for the retry time per batch). One batch tries as a probe
  // every max_backoff_ns; its success ends the outage.
  bool known_down_ = false;
  long long next_probe_ = 0;
  std::string down_reason_;
  std::string body_;
  std::string spill_text_;
};

}  // namespace rivulet
