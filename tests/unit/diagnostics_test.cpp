#include "io/diagnostics.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.hpp"

using namespace rivulet;

using rivulet_test::stream_contents;

TEST_CASE("bad lines are reported as TOOL: SOURCE:LINE: message and kept verbatim") {
  std::FILE* err = std::tmpfile();
  char reject_path[] = "/tmp/rivulet-reject-XXXXXX";
  close(mkstemp(reject_path));
  {
    Diagnostics d("win-avg", err);
    d.set_reject_file(reject_path);
    d.bad_line("stdin", 3, "invalid JSON: TAPE_ERROR", "{oops");
    d.bad_line("in.ndjson", 7, "missing field \"ts\"", "{\"a\":1}");
    d.finish();
    CHECK(d.bad_lines() == 2);
    CHECK_FALSE(d.should_stop());
  }
  CHECK(stream_contents(err) ==
        "win-avg: stdin:3: invalid JSON: TAPE_ERROR\n"
        "win-avg: in.ndjson:7: missing field \"ts\"\n");
  std::ifstream rejected(reject_path);
  std::stringstream ss;
  ss << rejected.rdbuf();
  CHECK(ss.str() == "{oops\n{\"a\":1}\n");
  std::fclose(err);
  unlink(reject_path);
}

TEST_CASE("messages are rate-limited after a burst, with counts of what was not shown") {
  std::FILE* err = std::tmpfile();
  ManualClock clock;
  Diagnostics d("t", err, &clock);
  for (int i = 1; i <= 15; ++i) d.bad_line("stdin", i, "bad", "x");
  clock.advance(1500000000);  // a second and a half later one more is shown, with the count
  d.bad_line("stdin", 16, "bad", "x");
  for (int i = 17; i <= 19; ++i) d.bad_line("stdin", i, "bad", "x");
  d.finish();
  std::string out = stream_contents(err);
  CHECK(out.find("t: stdin:10: bad\n") != std::string::npos);
  CHECK(out.find("t: stdin:11:") == std::string::npos);
  CHECK(out.find("t: stdin:16: bad (5 similar messages not shown)\n") != std::string::npos);
  CHECK(out.find("t: 3 more messages not shown (19 bad lines in all)\n") != std::string::npos);
  std::fclose(err);
}

TEST_CASE("strict mode stops at the first bad line") {
  std::FILE* err = std::tmpfile();
  Diagnostics d("t", err);
  d.set_strict(true);
  CHECK_FALSE(d.should_stop());
  d.bad_line("stdin", 1, "bad", "x");
  CHECK(d.should_stop());
  std::fclose(err);
}
