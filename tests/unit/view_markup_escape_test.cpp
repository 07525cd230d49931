#include <catch2/catch.hpp>

#include "view/markup_escape.hpp"

using namespace rivulet;

TEST_CASE("markup escaping covers text and quoted attributes", "[view]") {
  CHECK(markup_escaped("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(markup_escaped("a&b \"c\"") == "a&amp;b &quot;c&quot;");
  CHECK(markup_escaped("tab\tnl\nbell\x07") == "tab\tnl\nbell\xEF\xBF\xBD");
  CHECK(markup_escaped("caf\xC3\xA9") == "caf\xC3\xA9");
}
