#include <catch2/catch.hpp>
#include <string>

#include "kafka/message_formatter.hpp"
#include "kafka/partition_progress.hpp"

using namespace rivulet;

namespace {

ConsumedMessage message(std::string_view value) {
  ConsumedMessage m;
  m.topic = "frames";
  m.partition = 2;
  m.offset = 41;
  m.value = value;
  return m;
}

}  // namespace

TEST_CASE("value lines: one JSON text on one line, or rejected with a reason") {
  MessageFormatter f;
  std::string out, err;
  CHECK(f.append_value_line(message(R"({"a":1})"), out, &err));
  CHECK(f.append_value_line(message("{\"b\":2}\r\n"), out, &err));
  CHECK(out == "{\"a\":1}\n{\"b\":2}\n");
  CHECK_FALSE(f.append_value_line(message("{\"a\":\n1}"), out, &err));
  CHECK(err == "value spans several lines");
  CHECK_FALSE(f.append_value_line(message("plain"), out, &err));
  CHECK(err.rfind("invalid JSON", 0) == 0);
  CHECK_FALSE(f.append_value_line(message(""), out, &err));
  CHECK(err == "empty value, not a JSON line");
  ConsumedMessage tombstone = message("");
  tombstone.value.reset();
  CHECK_FALSE(f.append_value_line(tombstone, out, &err));
  CHECK(out == "{\"a\":1}\n{\"b\":2}\n");
}

TEST_CASE("envelopes use kcat -J names; JSON payloads are embedded, others quoted") {
  MessageFormatter f;
  ConsumedMessage m = message(R"({"a":[1,2]})");
  m.timestamp_type = "create";
  m.timestamp_ms = 1700000000033;
  m.broker = 1;
  m.key = std::string_view("cam-1");
  m.has_headers = true;
  m.headers = {{"seq", std::string_view("7")}, {"gone", std::nullopt}};
  std::string out;
  f.append_envelope(m, out);
  CHECK(out ==
        R"({"topic":"frames","partition":2,"offset":41,"tstype":"create","ts":1700000000033,)"
        R"("broker":1,"headers":["seq","7","gone",null],"key":"cam-1","payload":{"a":[1,2]}})"
        "\n");

  out.clear();
  ConsumedMessage plain = message("\"quoted\"");
  f.append_envelope(plain, out);
  CHECK(out == R"({"topic":"frames","partition":2,"offset":41,"broker":-1,"key":null,)"
               R"("payload":"\"quoted\""})"
               "\n");
  out.clear();
  f.append_envelope(message(" {\"a\":1}"), out);
  CHECK(out.find(R"("payload":" {\"a\":1}")") != std::string::npos);
  out.clear();
  f.append_envelope(message("12.50"), out);
  CHECK(out.find(R"("payload":12.50})") != std::string::npos);
  // A payload of the bytes "null" is not a null payload (found by tests/fuzz/envelope).
  out.clear();
  f.append_envelope(message("null"), out);
  CHECK(out.find(R"("payload":"null"})") != std::string::npos);
}

TEST_CASE("partition progress: ends per partition, none mid-rebalance") {
  PartitionProgress p;
  TopicPartition a{"t", 0}, b{"t", 1};
  CHECK_FALSE(p.all_at_end());  // nothing assigned yet: a group may still be forming
  p.assign({a, b});
  p.received(a);
  p.reached_end(a);
  CHECK_FALSE(p.all_at_end());
  p.reached_end(b);
  CHECK(p.all_at_end());
  p.received(b);  // more data arrived
  CHECK_FALSE(p.all_at_end());
  p.reached_end(b);

  CHECK(p.is_assigned(a));
  p.revoke({a, b});
  CHECK_FALSE(p.is_assigned(a));  // ksub drops its fetched messages: the new owner reads them
  CHECK_FALSE(p.all_at_end());    // mid-rebalance
  p.assign({});
  CHECK(p.all_at_end());  // left with no partitions
}
