#include <catch2/catch.hpp>
#include <string>

#include "error.hpp"
#include "influx/point_encoder.hpp"
#include "io/line_reader.hpp"

using namespace rivulet;

namespace {

// Encodes one JSON line (padded as LineReader pads it). Returns the point with " ts" or
// "ERR: message".
std::string encode(PointEncoder& encoder, const std::string& json) {
  std::string storage = json + std::string(kLinePadding, ' ');
  JsonLineParser parser;
  JsonDocument doc;
  std::string out = "before|", err;
  int64_t ts = 0;
  if (!parser.parse(std::string_view(storage.data(), json.size()), &doc, &err) ||
      !encoder.encode(doc, &out, &ts, &err)) {
    return out == "before|" ? "ERR: " + err : "ERR: output changed: " + out;
  }
  return out.substr(7) + " " + std::to_string(ts);
}

PointMapping bitrate_mapping() {
  PointMapping m;
  m.measurement = "bitrate";
  m.tags = {FieldPath("stream")};
  m.time_unit = TimeUnit::kMillis;
  return m;
}

}  // namespace

TEST_CASE("point encoder: a window result with the default fields") {
  PointEncoder e(bitrate_mapping());
  CHECK(
      encode(e,
             R"({"ts":1700000000000,"window_end":1700000010000,"stream":"cam-1","count":300,)"
             R"("bitrate_kbps_avg":2811.2,"bitrate_kbps_min":1204.0,"bitrate_kbps_max":9120.5})") ==
      "bitrate,stream=cam-1 window_end=1700000010000,count=300,bitrate_kbps_avg=2811.2,"
      "bitrate_kbps_min=1204.0,bitrate_kbps_max=9120.5 1700000000000000000");
  // Strings, nulls, arrays and objects are not default fields; bools are.
  CHECK(encode(e, R"({"stream":"c","note":"x","n":null,"a":[1],"o":{"x":1},"key":false,"ts":1})") ==
        "bitrate,stream=c key=false 1000000");
}

TEST_CASE("point encoder: numbers copied exactly, or parsed when they might not fit") {
  PointEncoder e(bitrate_mapping());
  CHECK(encode(e, R"({"ts":1,"v":-0.5e-3,"w":1.5E+300,"x":-0,"y":0.10})") ==
        "bitrate v=-5e-04,w=1.5e+300,x=-0,y=0.10 1000000");
  CHECK(encode(e, R"({"ts":1,"w":123456789012345678901})") ==
        "bitrate w=123456789012345678901 1000000");
  CHECK(encode(e, R"({"ts":1,"v":1e400})") ==
        "ERR: field \"v\" is 1e400, outside the numbers InfluxDB stores (finite doubles)");
  CHECK(encode(e, R"({"ts":1,"v":1x})") == "ERR: field \"v\" is 1x, not a number");
}

TEST_CASE("point encoder: numbers are floats unless their field is an integer field") {
  PointMapping m = bitrate_mapping();
  m.integer_keys = {"n", "big", "q_n"};
  m.fields = {FieldPath("avg"), FieldPath("n"), FieldPath("big"), FieldPath("q.n")};
  PointEncoder e(m);
  // jq prints 16278.0 as 16278: the field stays a float either way.
  CHECK(encode(e, R"({"ts":1,"avg":16278,"n":3})") == "bitrate avg=16278,n=3i 1000000");
  CHECK(encode(e, R"({"ts":2,"avg":16278.5,"n":4.0,"q":{"n":2e3}})") ==
        "bitrate avg=16278.5,n=4i,q_n=2000i 2000000");
  CHECK(encode(e, R"({"ts":3,"big":9223372036854775807})") ==
        "bitrate big=9223372036854775807i 3000000");
  CHECK(encode(e, R"({"ts":3,"big":-9223372036854775808})") ==
        "bitrate big=-9223372036854775808i 3000000");
  CHECK(encode(e, R"({"ts":4,"n":4.5})") ==
        "ERR: field \"n\" is 4.5, not a 64-bit integer (the field is stored as an integer)");
  CHECK(encode(e, R"({"ts":4,"big":9223372036854775808})") ==
        "ERR: field \"big\" is 9223372036854775808, not a 64-bit integer (the field is "
        "stored as an integer)");
}

TEST_CASE("point encoder: strings that are neither tag nor field") {
  PointMapping m = bitrate_mapping();
  PointEncoder e(m);
  CHECK(encode(e, R"({"ts":1,"stream":"a","viewer":"v-1","event":"beat","v":1})") ==
        "bitrate,stream=a v=1 1000000");
  CHECK(e.unwritten_strings() == std::vector<std::string>{"viewer", "event"});
  m.tags.clear();
  m.strings_as_tags = true;
  PointEncoder tags(m);
  CHECK(encode(tags, R"({"ts":1,"stream":"a","viewer":"v-1","v":1,"o":{"s":"x"}})") ==
        "bitrate,stream=a,viewer=v-1 v=1 1000000");
  CHECK(tags.unwritten_strings().empty());
}

TEST_CASE("point encoder: the time unit is decided by magnitude by default") {
  PointMapping m;
  m.measurement = "m";
  PointEncoder e(m);
  CHECK(encode(e, R"({"ts":1700000000,"v":1})") == "m v=1 1700000000000000000");
  CHECK(encode(e, R"({"ts":1700000000000,"v":1})") == "m v=1 1700000000000000000");
  CHECK(encode(e, R"({"ts":1700000000000000,"v":1})") == "m v=1 1700000000000000000");
  CHECK(encode(e, R"({"ts":1700000000000000000,"v":1})") == "m v=1 1700000000000000000");
}

TEST_CASE("point encoder: long and short keys and values at the end of the line") {
  PointEncoder e(bitrate_mapping());
  std::string key(40, 'k');
  CHECK(encode(e, R"({"ts":1,")" + key + R"(":123456789012345678,"a":1})") ==
        "bitrate " + key + "=123456789012345678,a=1 1000000");
  CHECK(encode(e, R"({"ts":1,"a":1,"b":0.000000000000000000000000000000000001})") ==
        "bitrate a=1,b=0.000000000000000000000000000000000001 1000000");
}

TEST_CASE("point encoder: named fields, strings, flattening, tags sorted") {
  PointMapping m;
  m.measurement_field = FieldPath("kind");
  m.tags = {FieldPath("z"), FieldPath("a"), FieldPath("meta")};
  m.fields = {FieldPath("note"), FieldPath("video"), FieldPath("q.fps")};
  m.time_unit = TimeUnit::kMillis;
  PointEncoder e(m);
  CHECK(
      encode(e,
             R"({"kind":"frames","z":"last","a":1,"meta":{"host":"h 1","dc":"eu"},)"
             R"("note":"say \"hi\"","video":{"w":1280,"ok":true},"q":{"fps":30,"x":1},"ts":2})") ==
      "frames,a=1,meta_dc=eu,meta_host=h\\ 1,z=last note=\"say \\\"hi\\\"\",video_w=1280,"
      "video_ok=true,q_fps=30 2000000");
  CHECK(encode(e, R"({"kind":"frames","ts":2,"other":1})") ==
        "ERR: none of the --field fields is present");
  CHECK(encode(e, R"({"ts":2,"note":"x"})") == "ERR: missing field \"kind\" (the measurement)");
  CHECK(encode(e, R"({"kind":"f","ts":2,"note":"x","z":null})") == "f note=\"x\" 2000000");
  CHECK(encode(e, R"({"kind":"f","ts":2,"note":"x","z":""})") ==
        "ERR: tag \"z\" has an empty value");
  CHECK(encode(e, R"({"kind":"f","ts":2,"video":[1]})") ==
        "ERR: field \"video\" is an array (line protocol has no arrays)");
}

TEST_CASE("point encoder: keys with JSON escapes and characters to escape") {
  PointMapping m;
  m.measurement = "m m";
  m.tags = {FieldPath("t\\.x")};  // a key with a dot in it
  m.time_unit = TimeUnit::kMillis;
  PointEncoder e(m);
  CHECK(encode(e, R"({"t.x":"a,b=c d","f\u0020k":1.5,"ts":0})") ==
        "m\\ m,t.x=a\\,b\\=c\\ d f\\ k=1.5 0");
}

TEST_CASE("point encoder: times") {
  PointMapping m = bitrate_mapping();
  PointEncoder ms(m);
  CHECK(encode(ms, R"({"ts":"2023-11-14T22:13:20.033001Z","v":1})") ==
        "bitrate v=1 1700000000033001000");
  CHECK(encode(ms, R"({"ts":1700000000033.5,"v":1})") == "bitrate v=1 1700000000033500000");
  CHECK(encode(ms, R"({"v":1})") == "ERR: missing field \"ts\" (the time)");
  CHECK(encode(ms, R"({"ts":true,"v":1})") == "ERR: field \"ts\" is a boolean, not a time");
  CHECK(encode(ms, R"({"ts":"yesterday","v":1})") ==
        "ERR: field \"ts\": invalid RFC 3339 time \"yesterday\"");
  m.time_field = FieldPath("meta.t");
  m.time_unit = TimeUnit::kSeconds;
  PointEncoder s(m);
  CHECK(encode(s, R"({"meta":{"t":1700000000},"v":1})") == "bitrate v=1 1700000000000000000");
}

TEST_CASE("point encoder: contradictory mappings are usage errors") {
  PointMapping m = bitrate_mapping();
  m.fields = {FieldPath("stream")};
  CHECK_THROWS_AS(PointEncoder(m), UsageError);
  PointMapping none;
  CHECK_THROWS_AS(PointEncoder(none), UsageError);
  PointMapping nested = bitrate_mapping();
  nested.tags = {FieldPath("a")};
  nested.fields = {FieldPath("a.b")};
  CHECK_THROWS_AS(PointEncoder(nested), UsageError);
}

TEST_CASE("point encoder: a dotted name finds a key holding the dots literally first") {
  PointMapping m = bitrate_mapping();
  m.tags = {FieldPath("meta.cam.id")};
  PointEncoder e(m);
  // win-avg --by meta.cam.id writes the key "meta.cam.id": two cameras stay two series.
  CHECK(encode(e, R"({"ts":1,"meta.cam.id":"c1","v":1})") == "bitrate,meta_cam_id=c1 v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"meta.cam.id":"c2","v":1})") == "bitrate,meta_cam_id=c2 v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"meta":{"cam":{"id":"c3"}},"v":1})") ==
        "bitrate,meta_cam_id=c3 v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"meta":{"cam":{"id":"nested"}},"meta.cam.id":"lit","v":1})") ==
        "bitrate,meta_cam_id=lit v=1 1000000");
}

TEST_CASE("point encoder: integers a float field would round are noted once per field") {
  PointEncoder e(bitrate_mapping());
  CHECK(encode(e, R"({"ts":1,"a":9007199254740992,"b":18446744073709551616})") ==
        "bitrate a=9007199254740992,b=18446744073709551616 1000000");
  CHECK(e.imprecise_integers().empty());  // 2^53 and 2^64 are exact doubles
  CHECK(encode(e, R"({"ts":1,"a":9007199254740993,"c":123456789012345678901})") ==
        "bitrate a=9007199254740993,c=123456789012345678901 1000000");
  CHECK(encode(e, R"({"ts":2,"a":9007199254740995})") == "bitrate a=9007199254740995 2000000");
  REQUIRE(e.imprecise_integers().size() == 2);
  CHECK(e.imprecise_integers()[0].key == "a");
  CHECK(e.imprecise_integers()[0].value == "9007199254740993");
  CHECK(e.imprecise_integers()[1].key == "c");
}

TEST_CASE("point encoder: a repeated key is read the first time only, in every role") {
  PointMapping m = bitrate_mapping();
  m.measurement.clear();
  m.measurement_field = FieldPath("kind");
  m.fields = {FieldPath("v"), FieldPath("video")};
  PointEncoder e(m);
  std::string line = R"({"ts":1,"ts":2,"kind":"a","kind":"b","stream":"x","stream":"y",)"
                     R"("v":1,"v":2,"video":{"w":1,"w":2}})";
  // Twice: the second line takes the cached fast path.
  for (int i = 0; i < 2; ++i) CHECK(encode(e, line) == "a,stream=x v=1,video_w=1 1000000");
  // Another shape after it: the repeat is found without the cache.
  CHECK(encode(e, R"({"ts":1,"kind":"a","v":1,"stream":"x","v":2})") == "a,stream=x v=1 1000000");
  CHECK(encode(e, line) == "a,stream=x v=1,video_w=1 1000000");
}

TEST_CASE("point encoder: two keys that write the same key: the first is written") {
  PointMapping m = bitrate_mapping();
  m.tags = {FieldPath("cam")};
  m.fields = {FieldPath("a"), FieldPath("a_b")};
  PointEncoder e(m);
  CHECK(encode(e, R"({"ts":1,"a":{"b":1},"a_b":2,"cam":"c"})") == "bitrate,cam=c a_b=1 1000000");
  CHECK(encode(e, R"({"ts":1,"a_b":2,"a":{"b":1},"cam":"c"})") == "bitrate,cam=c a_b=2 1000000");
  // A tag and an object flattened into tags, under one key: the first occurrence only.
  CHECK(encode(e, R"({"ts":1,"cam":"a","cam":{"x":"b"},"a_b":1})") ==
        "bitrate,cam=a a_b=1 1000000");
  // Keys past the key cache (64 keys) are checked too.
  PointMapping wide_mapping = bitrate_mapping();
  wide_mapping.fields = {FieldPath("o"), FieldPath("o_x"), FieldPath("o_f3")};
  PointEncoder wide(wide_mapping);
  std::string line = R"({"ts":1,"o":{"f0":0)";
  for (int i = 1; i < 70; ++i) line += ",\"f" + std::to_string(i) + "\":" + std::to_string(i);
  std::string point = encode(wide, line + R"(,"x":1},"o_x":2,"o_f3":2})");
  CHECK(point.find(",o_x=1 ") != std::string::npos);
  CHECK(point.find("o_x=2") == std::string::npos);
  CHECK(point.find("o_f3=2") == std::string::npos);
}

TEST_CASE("point encoder: a tag value that is not a valid number or bool is refused") {
  PointMapping m = bitrate_mapping();
  m.tags = {FieldPath("cam")};
  PointEncoder e(m);
  CHECK(encode(e, R"({"ts":1,"cam":12,"v":1})") == "bitrate,cam=12 v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"cam":-1.5e3,"v":1})") == "bitrate,cam=-1.5e3 v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"cam":true,"v":1})") == "bitrate,cam=true v=1 1000000");
  CHECK(encode(e, R"({"ts":1,"cam":01,"v":1})") == "ERR: tag \"cam\" is 01, not a number");
  CHECK(encode(e, R"({"ts":1,"cam":1.2.3,"v":1})") == "ERR: tag \"cam\" is 1.2.3, not a number");
  CHECK(encode(e, R"({"ts":1,"cam":-,"v":1})") == "ERR: tag \"cam\" is -, not a number");
  CHECK(encode(e, R"({"ts":1,"cam":tru,"v":1})") == "ERR: tag \"cam\" is tru, not a bool");
}

TEST_CASE("point encoder: rivulet.* keys are never written") {
  PointMapping m = bitrate_mapping();
  m.tags.clear();
  m.strings_as_tags = true;
  PointEncoder e(m);
  CHECK(encode(e, R"({"ts":1,"stream":"s","v":1,"rivulet.source":"frames/3","rivulet.n":2})") ==
        "bitrate,stream=s v=1 1000000");
  for (const char* name : {"rivulet.source", "rivulet.checkpoint.id"}) {
    PointMapping named = bitrate_mapping();
    named.fields = {FieldPath(name)};
    CHECK_THROWS_AS(PointEncoder(named), UsageError);
    named = bitrate_mapping();
    named.tags = {FieldPath(name)};
    CHECK_THROWS_AS(PointEncoder(named), UsageError);
  }
}
