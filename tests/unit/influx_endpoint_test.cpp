#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "error.hpp"
#include "influx/endpoint.hpp"

using namespace rivulet;

namespace {

GetEnv env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("endpoint: URLs for 1.x and 2.x, defaults from the environment") {
  EndpointOptions o;
  o.db = "video db";
  o.rp = "week";
  Endpoint one(o, env({{"INFLUX_URL", "https://influx.example:8086/"}}));
  CHECK(one.write_url(TimeUnit::kMicros) ==
        "https://influx.example:8086/write?db=video%20db&rp=week&precision=u");
  CHECK(one.query_url("SELECT 1", "ms", true) ==
        "https://influx.example:8086/"
        "query?q=SELECT%201&db=video%20db&rp=week&epoch=ms&chunked=true&chunk_size=1000");
  CHECK(one.auth_headers().empty());

  EndpointOptions v2;
  v2.org = "acme";
  v2.bucket = "video";
  Endpoint two(v2, env({{"INFLUX_TOKEN", "s3cret"}}));
  CHECK(two.base_url() == "http://127.0.0.1:8086");
  CHECK(two.write_url(TimeUnit::kMillis) ==
        "http://127.0.0.1:8086/api/v2/write?bucket=video&org=acme&precision=ms");
  CHECK(two.auth_headers() == std::vector<std::string>{"Authorization: Token s3cret"});
}

TEST_CASE("endpoint: basic auth from INFLUX_USERNAME/INFLUX_PASSWORD, token from a file") {
  EndpointOptions o;
  o.db = "d";
  Endpoint basic(o, env({{"INFLUX_USERNAME", "Aladdin"}, {"INFLUX_PASSWORD", "open sesame"}}));
  CHECK(basic.auth_headers() ==
        std::vector<std::string>{"Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="});

  char path[] = "/tmp/rivulet-token-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "from-file\r\nsecond line\n", 23) == 23);
  close(fd);
  o.token_file = path;
  Endpoint file(o, env({{"INFLUX_TOKEN", "from-env"}}));
  CHECK(file.auth_headers() == std::vector<std::string>{"Authorization: Token from-file"});
  unlink(path);
  CHECK_THROWS_AS(Endpoint(o, env({})), Error);
}

TEST_CASE("endpoint: contradictions and messages") {
  EndpointOptions both;
  both.db = "d";
  both.bucket = "b";
  CHECK_THROWS_AS(Endpoint(both, env({})), UsageError);
  EndpointOptions bad_url;
  bad_url.url = "influx:8086";
  CHECK_THROWS_AS(Endpoint(bad_url, env({})), UsageError);

  EndpointOptions o;
  o.db = "d";
  Endpoint e(o, env({}));
  CHECK(e.explain_failure(401, "authorization failed") ==
        "HTTP 401 from http://127.0.0.1:8086: authorization failed (check INFLUX_TOKEN or "
        "--token-file, or INFLUX_USERNAME and INFLUX_PASSWORD)");
  CHECK(server_error_message(400, "{\"error\":\"unable to parse 'x': bad\"}\n") ==
        "unable to parse 'x': bad");
  CHECK(server_error_message(502, "<html>Bad Gateway</html>\n") == "<html>Bad Gateway</html>");
  CHECK(server_error_message(503, "") == "HTTP 503");
}
