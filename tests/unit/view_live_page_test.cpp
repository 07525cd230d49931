#include <catch2/catch.hpp>

#include "view/live_page.hpp"

using namespace rivulet;

TEST_CASE("the page is self-contained: no address outside its own server", "[view]") {
  const std::string& page = live_page_html();
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("http://") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("src=") == std::string::npos);
  CHECK(page.find("new EventSource(\"events\")") != std::string::npos);
  // Text goes in as text; only the SVG live-view rendered (and escaped) goes in as markup.
  CHECK(page.find("status.textContent = frame.status") != std::string::npos);
}
