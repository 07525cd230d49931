#include "influx/write_loop.hpp"

#include <unistd.h>

#include <algorithm>
#include <memory>

#include "http/curl_transport.hpp"
#include "http/loopback.hpp"
#include "influx/async_batch_writer.hpp"
#include "influx/batch_sender.hpp"
#include "influx/checkpoint_acks.hpp"
#include "influx/diagnostics_reporter.hpp"
#include "influx/endpoint.hpp"
#include "influx/spill_file.hpp"
#include "influx/write_session.hpp"
#include "io/stats_ticker.hpp"

namespace rivulet {

bool write_points(const InfluxWriteOptions& o, const BatchingOptions& batching,
                  const Endpoint& endpoint, InputChain* inputs, JsonPoints* points,
                  Diagnostics* diagnostics) {
  SystemRetryClock clock;
  RetryOptions retry;
  retry.max_retry_time_ns = o.max_retry_time_ns;
  CurlOptions curl = curl_options(o.endpoint);
  // The stop promise (at most the grace more after SIGINT/SIGTERM) holds against a server
  // that hangs mid-request too.
  curl.stop_grace_ms = static_cast<long>(retry.stop_grace_ns / 1'000'000);
  CurlTransport transport(curl);
  std::unique_ptr<SpillFile> spill;
  if (!o.spill.empty()) spill = std::make_unique<SpillFile>(o.spill);
  // Compression saves network bytes; to a server on this machine there are none to save,
  // and the server's gunzip competes with it for the same cores (~10% fewer points/s).
  bool gzip = o.gzip || (!o.no_gzip && !is_loopback_url(endpoint.base_url()));
  BatchSender sender(&transport, &clock, &endpoint, retry, gzip, spill.get());
  AsyncBatchWriter writer(&sender);
  DiagnosticsReporter reporter(diagnostics, o.spill);
  WriteSession session(batching, &writer, &reporter, &clock);
  // A summary at exit with --stats, and always for a person watching the terminal.
  StatsTicker ticker(o.stats, diagnostics, &clock, isatty(STDERR_FILENO) != 0);
  auto maybe_stats = [&] { ticker.maybe_tick([&] { return session.stats_record(); }); };
  session.set_wait_hook(maybe_stats);
  CheckpointAcks checkpoint(o.checkpoint, diagnostics);
  // Wake up when input has been quiet for BatchingOptions::quiet_ns (or four times per flush
  // interval, if shorter) to send the partial batch: a live pipeline's points go out right
  // after each burst of window results.
  int64_t wake_ns = std::min<int64_t>(batching.quiet_ns, o.flush_interval_ns / 4);
  inputs->set_idle_timeout(static_cast<int>(std::max<int64_t>(10, wake_ns / 1'000'000)));
  Line line;
  std::string point, err;
  int64_t ts_ns = 0;
  for (;;) {
    ReadStatus s = inputs->next(&line);
    if (s == ReadStatus::kTimeout) {
      session.tick();
      maybe_stats();
    } else if (s != ReadStatus::kLine) {
      break;
    } else if (points == nullptr) {
      if (line.text[0] != '#') session.add_line(line.text, inputs->source(), line.number);
    } else if (!checkpoint.handle(line.text, &session)) {
      point.clear();
      if (!points->encode(line.text, inputs->source(), line.number, &point, &ts_ns, &err) ||
          !session.add_point(point, ts_ns, inputs->source(), line.number, line.text, &err)) {
        diagnostics->bad_line(inputs->source(), line.number, err, line.text);
      }
    }
    if (diagnostics->should_stop() || !session.fatal().empty() || checkpoint.finished()) break;
    if ((line.number & 4095) == 0) maybe_stats();
  }
  session.finish();
  ticker.finish(session.stats_record());
  if (!session.fatal().empty()) diagnostics->error(session.fatal());
  return session.stats().unsent == 0 && session.fatal().empty() && !checkpoint.broken();
}

}  // namespace rivulet
