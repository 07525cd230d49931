#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "kafka/line_publisher.hpp"

using namespace rivulet;

namespace {

struct Sent {
  std::string value;
  bool null_value;
  std::string key;
  bool has_key;
  std::vector<std::pair<std::string, std::string>> headers;
  int64_t timestamp_ms;
  uint64_t origin;
};

// Records what would be published; copies, as a real producer does.
class FakeSink : public MessageSink {
 public:
  bool produce(const OutgoingMessage& m, std::string* err) override {
    if (refuse) {
      *err = "Broker: Message size too large";
      return false;
    }
    Sent s{std::string(m.value), m.null_value, std::string(m.key), m.has_key, {},
           m.timestamp_ms,       m.origin};
    for (const auto& h : m.headers) {
      s.headers.emplace_back(h.name, h.null_value ? "<null>" : std::string(h.value));
    }
    sent.push_back(s);
    return true;
  }
  std::vector<Sent> sent;
  bool refuse = false;
};

// LineReader guarantees padding after each line; tests give the same.
struct PaddedLine {
  explicit PaddedLine(std::string text)
      : storage(text + std::string(kLinePadding, ' ')), size(text.size()) {}
  std::string_view view() const { return {storage.data(), size}; }
  std::string storage;
  size_t size;
};

bool publish(LinePublisher& p, const std::string& text, std::string* err, uint64_t origin = 1) {
  PaddedLine line(text);
  return p.publish(line.view(), origin, err);
}

}  // namespace

TEST_CASE("publisher: every line validated, bad lines never reach the sink") {
  FakeSink sink;
  LinePublisher p({}, &sink);
  std::string err;
  CHECK(publish(p, R"({"a":1})", &err));
  CHECK_FALSE(publish(p, R"({"a":1)", &err));
  CHECK(err.rfind("invalid JSON", 0) == 0);
  CHECK_FALSE(publish(p, R"({"a":1} {"b":2})", &err));
  CHECK(publish(p, R"([1,2])", &err));
  REQUIRE(sink.sent.size() == 2);
  CHECK(sink.sent[0].value == R"({"a":1})");
  CHECK_FALSE(sink.sent[0].has_key);
  CHECK(sink.sent[0].timestamp_ms == 0);
}

TEST_CASE("publisher: key, headers and timestamp from the event") {
  FakeSink sink;
  PublishOptions o;
  o.key_field = FieldPath("stream");
  o.header_fields = {FieldPath("seq"), FieldPath("meta.rig"), FieldPath("absent")};
  o.headers = {{"source", "test"}};
  o.timestamp_field = FieldPath("ts");
  LinePublisher p(o, &sink);
  std::string err;
  REQUIRE(publish(p, R"({"ts":1700000000033,"stream":"cam-\"1\"","seq":7,"meta":{"rig":"n"}})",
                  &err, 99));
  REQUIRE(sink.sent.size() == 1);
  const Sent& s = sink.sent[0];
  CHECK(s.key == "cam-\"1\"");
  CHECK(s.has_key);
  CHECK(s.timestamp_ms == 1700000000033);
  CHECK(s.origin == 99);
  CHECK(s.headers == std::vector<std::pair<std::string, std::string>>{
                         {"seq", "7"}, {"meta.rig", "n"}, {"source", "test"}});

  REQUIRE(publish(p, R"({"ts":"2023-11-14T22:13:20.5Z","stream":42})", &err));
  CHECK(sink.sent[1].key == "42");
  CHECK(sink.sent[1].timestamp_ms == 1700000000500);

  CHECK_FALSE(publish(p, R"({"ts":1700000000033})", &err));
  CHECK(err == "missing field \"stream\"");
  CHECK_FALSE(publish(p, R"({"stream":"cam-1"})", &err));
  CHECK(err.find("ts") != std::string::npos);
  CHECK(sink.sent.size() == 2);
}

TEST_CASE("publisher: a null key means no key; --key is fixed") {
  FakeSink sink;
  PublishOptions o;
  o.key_field = FieldPath("k");
  LinePublisher p(o, &sink);
  std::string err;
  REQUIRE(publish(p, R"({"k":null})", &err));
  CHECK_FALSE(sink.sent[0].has_key);

  PublishOptions fixed;
  fixed.fixed_key = "all";
  LinePublisher q(fixed, &sink);
  REQUIRE(publish(q, R"({"k":1})", &err));
  CHECK(sink.sent[1].key == "all");
}

TEST_CASE("publisher: envelopes republish payload, key, headers and ts as they were") {
  FakeSink sink;
  PublishOptions o;
  o.envelope = true;
  LinePublisher p(o, &sink);
  std::string err;
  REQUIRE(publish(
      p,
      R"({"topic":"t","partition":3,"offset":9,"tstype":"create","ts":1700000000033,"broker":1,"headers":["a","1","b",null],"key":"cam-1","payload":{"x": [1, 2]}})",
      &err));
  REQUIRE(publish(p, R"({"key":null,"payload":"plain \"text\""})", &err));
  REQUIRE(publish(p, R"({"key":"gone","payload":null})", &err));
  REQUIRE(sink.sent.size() == 3);
  CHECK(sink.sent[0].value == R"({"x": [1, 2]})");
  CHECK(sink.sent[0].key == "cam-1");
  CHECK(sink.sent[0].timestamp_ms == 1700000000033);
  CHECK(sink.sent[0].headers ==
        std::vector<std::pair<std::string, std::string>>{{"a", "1"}, {"b", "<null>"}});
  CHECK(sink.sent[1].value == "plain \"text\"");
  CHECK_FALSE(sink.sent[1].has_key);
  CHECK(sink.sent[2].null_value);

  CHECK_FALSE(publish(p, R"({"key":"k"})", &err));
  CHECK(err == "missing field \"payload\"");
  CHECK_FALSE(publish(p, R"({"payload":1,"headers":["only-name"]})", &err));
  CHECK(err == "field \"headers\" has a name without a value");
}

TEST_CASE("publisher: a message the sink refuses is reported like a bad line") {
  FakeSink sink;
  sink.refuse = true;
  LinePublisher p({}, &sink);
  std::string err;
  CHECK_FALSE(publish(p, R"({"a":1})", &err));
  CHECK(err == "Broker: Message size too large");
}

TEST_CASE("header assignments") {
  std::pair<std::string, std::string> h;
  std::string err;
  REQUIRE(parse_header_assignment("a=b=c", &h, &err));
  CHECK(h == std::make_pair(std::string("a"), std::string("b=c")));
  CHECK_FALSE(parse_header_assignment("=x", &h, &err));
  CHECK_FALSE(parse_header_assignment("x", &h, &err));
}
