#include "json/json_line.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "io/line_reader.hpp"
#include "json/json_writer.hpp"

using namespace rivulet;

namespace {

// A line with the padding LineReader would give it.
struct Padded {
  explicit Padded(std::string s) : storage(s + std::string(kLinePadding, ' ')), size(s.size()) {}
  std::string_view view() const { return std::string_view(storage.data(), size); }
  std::string storage;
  size_t size;
};

}  // namespace

TEST_CASE("fields by name and dotted path, in any order, with types") {
  JsonLineParser parser;
  Padded line(R"({"ts":1700000000033,"stream":"cam-1","q":{"w":1280,"ok":true},"r":2875.4})");
  JsonDocument doc;
  std::string err;
  REQUIRE(parser.parse(line.view(), &doc, &err));
  double r;
  REQUIRE(get_number(doc, FieldPath("r"), &r, &err) == FieldStatus::kOk);
  CHECK(r == 2875.4);
  int64_t w;
  REQUIRE(get_int64(doc, FieldPath("q.w"), &w, &err) == FieldStatus::kOk);
  CHECK(w == 1280);
  bool ok;
  REQUIRE(get_bool(doc, FieldPath("q.ok"), &ok, &err) == FieldStatus::kOk);
  CHECK(ok);
  std::string_view s;
  REQUIRE(get_string(doc, FieldPath("stream"), &s, &err) == FieldStatus::kOk);
  CHECK(s == "cam-1");
  int64_t ts;
  REQUIRE(get_int64(doc, FieldPath("ts"), &ts, &err) == FieldStatus::kOk);
  CHECK(ts == 1700000000033);
}

TEST_CASE("field errors say what is wrong, naming the field as written") {
  JsonLineParser parser;
  Padded line(R"({"a":"x","b":{"c":1},"n":1.5})");
  JsonDocument doc;
  std::string err;
  REQUIRE(parser.parse(line.view(), &doc, &err));
  double d;
  CHECK(get_number(doc, FieldPath("missing"), &d, &err) == FieldStatus::kMissing);
  CHECK(err == "missing field \"missing\"");
  CHECK(get_number(doc, FieldPath("a"), &d, &err) == FieldStatus::kWrongType);
  CHECK(err == "field \"a\" is a string, not a number");
  CHECK(get_number(doc, FieldPath("a.z"), &d, &err) == FieldStatus::kMissing);
  CHECK(err == "missing field \"a.z\" (\"a\" is not an object)");
  int64_t i;
  CHECK(get_int64(doc, FieldPath("n"), &i, &err) == FieldStatus::kWrongType);
  CHECK(get_number(doc, FieldPath("b.c"), &d, &err) == FieldStatus::kOk);
  CHECK(d == 1.0);
}

TEST_CASE("raw JSON of a field keeps its type, for grouping keys") {
  JsonLineParser parser;
  Padded line(R"({"s":"cam-1", "w":720 , "o":{"x":[1,2]},"z":null})");
  JsonDocument doc;
  std::string err;
  REQUIRE(parser.parse(line.view(), &doc, &err));
  std::string_view raw;
  REQUIRE(get_raw_json(doc, FieldPath("w"), &raw, &err) == FieldStatus::kOk);
  CHECK(raw == "720");
  REQUIRE(get_raw_json(doc, FieldPath("s"), &raw, &err) == FieldStatus::kOk);
  CHECK(raw == "\"cam-1\"");
  REQUIRE(get_raw_json(doc, FieldPath("o"), &raw, &err) == FieldStatus::kOk);
  CHECK(raw == R"({"x":[1,2]})");
  REQUIRE(get_raw_json(doc, FieldPath("z"), &raw, &err) == FieldStatus::kOk);
  CHECK(raw == "null");
}

TEST_CASE("raw JSON of a malformed scalar is refused, not copied") {
  JsonLineParser parser;
  std::string err;
  std::string_view raw;
  for (const char* json : {R"({"k":tru})", R"({"k":1.2.3})", R"({"k":nul})", R"({"k":-})"}) {
    Padded line(json);
    JsonDocument doc;
    REQUIRE(parser.parse(line.view(), &doc, &err));
    CHECK(get_raw_json(doc, FieldPath("k"), &raw, &err) == FieldStatus::kInvalid);
    CHECK(err == "field \"k\" is not valid JSON");
  }
}

TEST_CASE("lines that are not JSON objects are refused with a reason") {
  JsonLineParser parser;
  JsonDocument doc;
  std::string err;
  Padded arr("[1,2]");
  CHECK_FALSE(parser.parse(arr.view(), &doc, &err));
  CHECK(err == "expected a JSON object, got an array");
  Padded junk("not json");
  CHECK_FALSE(parser.parse(junk.view(), &doc, &err));
  CHECK(err.rfind("invalid JSON", 0) == 0);
  Padded truncated(R"({"a":1,"b":)");
  CHECK_FALSE(parser.validate(truncated.view(), &err));
  CHECK(parser.validate(Padded(R"({"a":[1,{"b":null}]})").view(), &err));
}

TEST_CASE("JSON writer escapes strings and round-trips numbers") {
  std::string out;
  JsonObjectWriter w(out);
  w.key("s").string("a\"b\\c\n\t\x01 é");
  w.key("d").number(2811.2);
  w.key("third").number(1.0 / 3.0);
  w.key("whole").number(14195.0);
  w.key("huge").number(1e21);
  w.key("i").number(int64_t{-42});
  w.key("big").number(int64_t{1700000000000});
  w.key("nan").number(std::nan(""));
  w.key("b").boolean(false);
  w.key("n").null();
  w.close();
  CHECK(out ==
        "{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001 é\",\"d\":2811.2,\"third\":0.3333333333333333,"
        "\"whole\":14195.0,\"huge\":1e+21,\"i\":-42,\"big\":1700000000000,\"nan\":null,\"b\":false,"
        "\"n\":null}\n");
  // The written text parses back to the same double.
  JsonLineParser parser;
  Padded line(out.substr(0, out.size() - 1));
  JsonDocument doc;
  std::string err;
  REQUIRE(parser.parse(line.view(), &doc, &err));
  double third;
  REQUIRE(get_number(doc, FieldPath("third"), &third, &err) == FieldStatus::kOk);
  CHECK(third == 1.0 / 3.0);
}

TEST_CASE("field lists split on commas; escaped dots stay in names") {
  auto fields = parse_field_list("stream,width,,a.b");
  REQUIRE(fields.size() == 3);
  CHECK(fields[2].parts() == std::vector<std::string>{"a", "b"});
  CHECK(FieldPath("a\\.b").parts() == std::vector<std::string>{"a.b"});
}

TEST_CASE("a key holding a dotted name literally is found before the nested path") {
  JsonLineParser parser;
  Padded line(R"({"meta":{"cam":{"id":"nested"}},"meta.cam.id":"literal","ts":5,"a":{"b":1}})");
  JsonDocument doc;
  std::string err;
  REQUIRE(parser.parse(line.view(), &doc, &err));
  std::string_view s;
  REQUIRE(get_string(doc, FieldPath("meta.cam.id"), &s, &err) == FieldStatus::kOk);
  CHECK(s == "literal");
  int64_t v;
  REQUIRE(get_int64(doc, FieldPath("a.b"), &v, &err) == FieldStatus::kOk);  // no literal key
  CHECK(v == 1);
  REQUIRE(get_int64(doc, FieldPath("ts"), &v, &err) == FieldStatus::kOk);
  CHECK(v == 5);
  CHECK(get_int64(doc, FieldPath("a.c"), &v, &err) == FieldStatus::kMissing);
  CHECK(FieldPath("a\\.b.c").literal() == "a.b.c");
}

TEST_CASE("text after a JSON object is named as such, not as a truncated document") {
  JsonLineParser parser;
  JsonDocument doc;
  std::string err;
  Padded trailing(R"({"a":"}","b":[1,{"c":2}]} x y)");
  CHECK_FALSE(parser.parse(trailing.view(), &doc, &err));
  CHECK(err == "text after the JSON object: \"x y\"");
  Padded long_tail(R"({"a":1}, and a long tail of words)");
  CHECK_FALSE(parser.parse(long_tail.view(), &doc, &err));
  CHECK(err == "text after the JSON object: \", and a long tail of...\"");
  // A truncated object is not text after one (on-demand parsing reports it when read).
  Padded truncated(R"({"a":1,"b":)");
  err.clear();
  parser.parse(truncated.view(), &doc, &err);
  CHECK(err.find("text after") == std::string::npos);
  Padded spaced(" {\"a\":1} \r");
  CHECK(parser.parse(spaced.view(), &doc, &err));
  // A line handed over with its newline (kpub --envelope reading ksub's envelope as written)
  // ends in JSON whitespace, not text (found by tests/fuzz/envelope).
  Padded with_newline("{\"a\":1}\n");
  CHECK(parser.parse(with_newline.view(), &doc, &err));
}

TEST_CASE("JSON writer keeps lines valid JSON when a string is not UTF-8") {
  std::string out;
  // A lone continuation byte, a truncated sequence, an overlong '/', a surrogate, bytes past
  // U+10FFFF; well-formed characters around them are kept.
  append_json_string(out, std::string("a\x80"
                                      "b\xE2\x82"
                                      "c\xC0\xAF"
                                      "d\xED\xA0\x80"
                                      "e\xF4\x90\x80\x80"
                                      "é\"\n"));
  CHECK(
      out ==
      "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde\\ufffd\\ufffd\\ufffd\\ufffd"
      "é\\\"\\n\"");
  JsonLineParser parser;
  std::string err;
  CHECK(parser.validate(Padded(out).view(), &err));
}
