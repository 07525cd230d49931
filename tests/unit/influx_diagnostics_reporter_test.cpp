#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "influx/diagnostics_reporter.hpp"
#include "test_support.hpp"

using namespace rivulet;

TEST_CASE("diagnostics reporter: refused points are bad lines, unsent points are counted") {
  std::FILE* err = std::tmpfile();
  REQUIRE(err != nullptr);
  {
    Diagnostics diagnostics("influx-write", err);
    DiagnosticsReporter spilled(&diagnostics, "unsent.lp");
    spilled.rejected(RejectedPoint{"in.ndjson", 7, "{\"v\":7}", "the server refused the point: x"});
    spilled.unsent(5000, "HTTP 503: down (gave up after 1m of retries)", true);
    DiagnosticsReporter lost(&diagnostics, "");
    lost.unsent(3, "Couldn't connect to server", false);
    CHECK(diagnostics.bad_lines() == 1);
    diagnostics.finish();
  }
  CHECK(rivulet_test::stream_contents(err) ==
        "influx-write: in.ndjson:7: the server refused the point: x\n"
        "influx-write: 5000 points not written: HTTP 503: down (gave up after 1m of retries); "
        "appended to unsent.lp\n"
        "influx-write: 3 points not written: Couldn't connect to server; lost (use --spill FILE "
        "to keep them)\n");
  std::fclose(err);
}
