#include "influx/write_tool.hpp"

#include <cstdlib>
#include <memory>

#include "error.hpp"
#include "http/curl_transport.hpp"
#include "influx/endpoint.hpp"
#include "influx/json_points.hpp"
#include "influx/loss_warnings.hpp"
#include "influx/print_loop.hpp"
#include "influx/write_loop.hpp"
#include "influx/write_target.hpp"
#include "io/exit_status.hpp"

namespace rivulet {

int run_influx_write(const InfluxWriteOptions& o) {
  Diagnostics diagnostics("influx-write");
  apply_bad_input_options(o.bad_input, &diagnostics);
  bool lp_input = o.line_protocol_input();
  PointMapping mapping = point_mapping(o);
  std::unique_ptr<Endpoint> endpoint;
  if (!o.print) {
    endpoint =
        std::make_unique<Endpoint>(o.endpoint, [](const char* name) { return std::getenv(name); });
    if (!endpoint->v2() && o.endpoint.db.empty()) {
      throw UsageError("give --db or --bucket (or --print)");
    }
    // A server that does not answer must not hold up reading, nor a stop request: these
    // two questions wait 5 s at most and give way to SIGINT/SIGTERM.
    CurlOptions startup = curl_options(o.endpoint);
    startup.abort_on_stop = true;
    if (startup.timeout_ms == 0 || startup.timeout_ms > 5000) startup.timeout_ms = 5000;
    CurlTransport transport(startup);
    prepare_write_target(&transport, *endpoint,
                         o.create_db      ? CreateDatabase::kRequired
                         : o.no_create_db ? CreateDatabase::kNo
                                          : CreateDatabase::kIfAllowed,
                         o.measurement, lp_input ? nullptr : &mapping.integer_keys);
  }
  LossWarnings loss_warnings(&diagnostics);
  std::unique_ptr<JsonPoints> points;
  if (!lp_input) points = std::make_unique<JsonPoints>(std::move(mapping), &loss_warnings);
  BatchingOptions batching = batching_options(o);
  InputChain inputs(o.inputs);
  bool stored = true;
  if (o.print) {
    print_points(o, batching.precision, &inputs, points.get(), &diagnostics);
  } else {
    stored = write_points(o, batching, *endpoint, &inputs, points.get(), &diagnostics);
  }
  loss_warnings.finish();
  diagnostics.finish();
  return diagnostics.bad_lines() > 0 || !stored ? kExitDataError : kExitOk;
}

}  // namespace rivulet
