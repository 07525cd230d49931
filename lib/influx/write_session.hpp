#pragma once
// influx-write's batching: points go into a batch that is handed to the sending thread when
// it holds --batch-size points (or 8 MiB), when its first point is older than
// --flush-interval, when the precision it needs changes, and at the end. Outcomes of sent
// batches come back to the caller through a WriteReporter on the caller's thread.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "influx/async_batch_writer.hpp"
#include "influx/batch.hpp"
#include "influx/batch_sender.hpp"
#include "influx/line_protocol.hpp"
#include "io/stats_ticker.hpp"
#include "time/clock.hpp"

namespace rivulet {

struct BatchingOptions {
  size_t batch_size = 5000;
  size_t max_batch_bytes = 8 << 20;
  int64_t flush_interval_ns = 1'000'000'000;
  // A partial batch also goes once no point has arrived for this long (0: only the flush
  // interval counts). Window results come in bursts and then nothing for a window's length;
  // waiting out the flush interval after a burst would only add to their delay.
  int64_t quiet_ns = 50'000'000;
  // With fixed_precision, every timestamp is written in `precision` and a time finer than
  // that is bad input. Otherwise `precision` is where batches start, and a point that needs
  // a finer one starts a new batch in that (sticky) precision: nothing is rounded.
  TimeUnit precision = TimeUnit::kMillis;
  bool fixed_precision = false;
  bool lines_are_line_protocol = false;  // --input lp: points arrive as whole lines
};

// Counters for --stats and the exit status.
struct WriteStats {
  uint64_t points_in = 0;
  uint64_t written = 0;
  uint64_t batches = 0;
  uint64_t requests = 0;
  uint64_t retries = 0;
  uint64_t rejected = 0;
  uint64_t unsent = 0;
  uint64_t spilled = 0;
  long long latency_total_ns = 0;
  long long latency_max_ns = 0;
  uint64_t latency_count = 0;
};

// The --stats record (rivulet(7)): "120000 points, 120000 written, 24 batches, 24 requests,
// 0 retries, 0 rejected, 0 spilled, 0 lost", the latency of requests when there were any
// ("latency avg 3.1 ms, latency max 9.8 ms"), the rate of points written, and while the
// server is not answering, for how long ("server not answering for 12.5 s").
StatsRecord write_stats_record(const WriteStats& stats, int64_t down_ns = 0);

class WriteReporter {
 public:
  virtual ~WriteReporter() = default;
  virtual void rejected(const RejectedPoint& point) = 0;
  // `count` points were given up on; `spilled` says whether they are in the spill file.
  virtual void unsent(uint64_t count, const std::string& reason, bool spilled) = 0;
  // The server stopped or started answering (see ServerNotice).
  virtual void server(const ServerNotice& notice) = 0;
};

class WriteSession {
 public:
  // `writer`, `reporter` and `clock` must outlive the session.
  WriteSession(BatchingOptions options, AsyncBatchWriter* writer, WriteReporter* reporter,
               const Clock* clock);

  // Adds a point: `point` is "measurement,tags fields" without a timestamp. Returns false
  // with *err (nothing added) if the time cannot be written in a fixed precision.
  bool add_point(std::string_view point, int64_t ts_ns, const std::string& source, uint64_t line,
                 std::string_view original, std::string* err);
  // Adds a line of line protocol as it is (--input lp).
  void add_line(std::string_view line, const std::string& source, uint64_t line_number);

  // Runs on the caller's thread every 200 ms while it waits for the sender (a slow or
  // failing server), after finished batches and notices have been reported: --stats keeps
  // ticking during retries.
  void set_wait_hook(std::function<void()> hook) { wait_hook_ = std::move(hook); }

  // Call when input is idle: sends the batch if it is older than the flush interval, and
  // reports finished batches.
  void tick();
  // Sends what is left, waits for it, reports everything.
  void finish();

  // Set after a failure retrying cannot fix; the caller should stop reading.
  const std::string& fatal() const { return fatal_; }
  const WriteStats& stats() const { return stats_; }
  // write_stats_record now, saying how long the server has not been answering if it is not.
  StatsRecord stats_record() const;

 private:
  void point_added();
  void seal();
  void report();
  void wait_hook();

  BatchingOptions options_;
  AsyncBatchWriter* writer_;
  WriteReporter* reporter_;
  const Clock* clock_;
  long long last_point_ns_ = 0;
  Batch batch_;
  TimeUnit precision_;
  std::string err_;
  std::string fatal_;
  WriteStats stats_;
  long long down_since_ns_ = 0;  // while the server is not answering
  std::function<void()> wait_hook_;
};

}  // namespace rivulet
