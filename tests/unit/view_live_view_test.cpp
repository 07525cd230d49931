#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "error.hpp"
#include "view/live_view.hpp"

using namespace rivulet;

namespace {

std::string temp_path(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("options the command line cannot check are usage errors", "[view]") {
  LiveViewOptions o;
  CHECK_THROWS_AS(check_live_view_options(o), UsageError);
  o.spec.fields = {"x"};
  check_live_view_options(o);
  o.refresh_ns = 1000;
  CHECK_THROWS_AS(check_live_view_options(o), UsageError);
  o.refresh_ns = 250000000;
  o.max_keys = 0;
  CHECK_THROWS_AS(check_live_view_options(o), UsageError);
}

TEST_CASE("a run reads every input to the end and writes the snapshot", "[view]") {
  std::string input = temp_path("view_live_view_input.ndjson");
  std::string svg = temp_path("view_live_view_output.svg");
  {
    std::ofstream out(input);
    for (int i = 0; i < 20; ++i) {
      out << "{\"ts\":" << 1700000000000LL + i * 1000 << ",\"stream\":\"cam-" << i % 2 + 1
          << "\",\"bitrate_kbps\":" << 1000 + i << "}\n";
    }
    out << "{\"ts\":1700000030000,\"stream\":\"cam-1\"}\n";
  }
  LiveViewOptions o;
  o.inputs = {input};
  o.spec.fields = {"bitrate_kbps"};
  o.spec.by = "stream";
  o.display = Display::kNone;
  o.svg_path = svg;
  CHECK(run_live_view("live-view", o) == 0);
  std::string text = slurp(svg);
  CHECK(text.find("data-key=\"cam-1\"") != std::string::npos);
  CHECK(text.find("data-key=\"cam-2\"") != std::string::npos);
  CHECK(text.find("until 2023-11-14T22:13:50Z") != std::string::npos);

  o.inputs = {input + ".missing"};
  CHECK_THROWS_AS(run_live_view("live-view", o), Error);
  std::remove(input.c_str());
  std::remove(svg.c_str());
}
