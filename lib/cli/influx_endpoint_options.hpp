#pragma once
// The command-line options influx-write and influx-query share: where the server is and
// which database or bucket. Secrets are deliberately not options (argv is visible in ps):
// they come from INFLUX_TOKEN, --token-file, INFLUX_USERNAME and INFLUX_PASSWORD.

#include <string>

#include "cli/tool_cli.hpp"
#include "influx/endpoint.hpp"

namespace rivulet {

// --url, --db, --rp, --org, --bucket, --token-file, --ca-cert, --insecure, and --timeout
// described by `timeout_help`.
void add_endpoint_options(ToolCli* cli, EndpointOptions* options, const std::string& timeout_help);

}  // namespace rivulet
