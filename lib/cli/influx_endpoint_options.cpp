#include "cli/influx_endpoint_options.hpp"

namespace rivulet {

void add_endpoint_options(ToolCli* cli, EndpointOptions* options, const std::string& timeout_help) {
  CLI::App& app = cli->app();
  app.add_option("--url", options->url,
                 "InfluxDB URL (default $INFLUX_URL, else http://127.0.0.1:8086)")
      ->type_name("URL");
  app.add_option("--db", options->db, "InfluxDB 1.x database")->type_name("NAME");
  app.add_option("--rp", options->rp, "InfluxDB 1.x retention policy (default: the database's)")
      ->type_name("NAME");
  app.add_option("--org", options->org, "InfluxDB 2.x/3.x organisation")->type_name("NAME");
  app.add_option("--bucket", options->bucket, "InfluxDB 2.x/3.x bucket (instead of --db)")
      ->type_name("NAME");
  app.add_option("--token-file", options->token_file,
                 "Read the API token from the first line of FILE (default $INFLUX_TOKEN)")
      ->type_name("FILE");
  app.add_option("--ca-cert", options->ca_cert, "Trust the CA certificates in FILE for HTTPS")
      ->type_name("FILE");
  app.add_flag("--insecure", options->insecure,
               "Do not verify the server's TLS certificate (testing only)");
  cli->add_duration("--timeout", &options->timeout_ns, timeout_help);
}

}  // namespace rivulet
