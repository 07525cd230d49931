#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "error.hpp"
#include "view/png_export.hpp"

using namespace rivulet;

TEST_CASE("snapshots are written as files, PNG through rsvg-convert", "[view]") {
  std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  std::string svg_path = dir + "/view_png_test.svg", png_path = dir + "/view_png_test.png";
  write_text_file(svg_path, "<svg/>");
  CHECK_THROWS_AS(write_text_file("/nonexistent/dir/x.svg", ""), Error);
  REQUIRE(png_converter_available());  // scripts/setup installs librsvg2-bin
  write_png(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
      "<rect width=\"10\" height=\"10\" fill=\"red\"/></svg>",
      png_path);
  std::FILE* f = std::fopen(png_path.c_str(), "rb");
  REQUIRE(f != nullptr);
  char magic[8] = {};
  CHECK(std::fread(magic, 1, 8, f) == 8);
  std::fclose(f);
  CHECK(std::string(magic, 8) == "\x89PNG\r\n\x1a\n");
  CHECK_THROWS_WITH(write_png("not svg", png_path),
                    Catch::StartsWith(png_path + ": rsvg-convert failed: "));
  std::remove(svg_path.c_str());
  std::remove(png_path.c_str());
}
