#include <catch2/catch.hpp>

#include "view/svg_view.hpp"

using namespace rivulet;

namespace {

constexpr int64_t kS = 1000000000;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the SVG has one line and one legend entry per key, and the counters", "[view]") {
  ViewSpec spec;
  spec.fields = {"bitrate_kbps_avg", "fps_avg"};
  spec.counters = {"viewer_distinct"};
  spec.by = "stream";
  SeriesStore store(spec.metric_count(), spec.span_ns, 8);
  for (int k = 0; k < 3; ++k) {
    std::string label = "cam-" + std::to_string(k + 1);
    store.key_index("\"" + label + "\"", label);
    for (int i = 0; i < 10; ++i) store.add(0, k, (100 + i * 10) * kS, 1000 * (k + 1) + i);
    store.add(2, k, 190 * kS, 5 + k);
  }
  store.add(1, 0, 150 * kS, 30);
  std::string svg = render_svg(store, spec);
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>\n") == svg.size() - 7);
  CHECK(count(svg, "<g class=\"chart\"") == 2);
  CHECK(count(svg, "<polyline class=\"series\"") == 3 + 1);
  CHECK(count(svg, "<g class=\"legend-entry\"") == 3 + 1);
  CHECK(svg.find("<polyline class=\"series\" data-key=\"cam-2\" fill=\"none\" "
                 "stroke=\"#f28e2b\"") != std::string::npos);
  CHECK(count(svg, "<g class=\"counter-row\"") == 3);
  CHECK(svg.find(">viewer_distinct</text>") != std::string::npos);
  CHECK(svg.find("class=\"value\" font-size=\"20\" font-weight=\"bold\">7</text>") !=
        std::string::npos);
  CHECK(svg.find("until 1970-01-01T00:03:10Z") != std::string::npos);
  // Same store, same picture: snapshots can be compared byte for byte.
  CHECK(render_svg(store, spec) == svg);
}

TEST_CASE("every value from the input is escaped in the SVG", "[view]") {
  ViewSpec spec;
  spec.fields = {"a<b"};
  spec.by = "k";
  SeriesStore store(1, spec.span_ns, 8);
  store.key_index("x", "<script>alert(\"x\")</script>");
  store.add(0, 0, 0, 1);
  std::string svg = render_svg(store, spec);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") != std::string::npos);
  CHECK(svg.find("data-field=\"a&lt;b\"") != std::string::npos);
}

TEST_CASE("an empty view still makes a valid picture", "[view]") {
  ViewSpec spec;
  spec.fields = {"x"};
  SeriesStore store(1, spec.span_ns, 8);
  std::string svg = render_svg(store, spec);
  CHECK(svg.find("waiting for data") != std::string::npos);
  CHECK(count(svg, "<polyline") == 0);
}

TEST_CASE("sparse series get a dot per point, so a single window still shows", "[view]") {
  ViewSpec spec;
  spec.fields = {"x"};
  spec.by = "k";
  SeriesStore store(1, spec.span_ns, 8);
  store.key_index("a", "a");
  store.key_index("b", "b");
  store.add(0, 0, 0, 1);
  for (int i = 0; i < 100; ++i) store.add(0, 1, i * 1000000000LL, i);
  std::string svg = render_svg(store, spec);
  CHECK(count(svg, "<circle class=\"point\"") == 1);  // a's single point; b's 100 are a line
}
