#include <catch2/catch.hpp>
#include <string>

#include "influx/query_stream.hpp"

using namespace rivulet;

namespace {

class StringSink : public RowSink {
 public:
  std::string rows;
  std::string& buffer() override { return rows; }
  void end_row() override { rows += '\n'; }
};

const char* kChunks =
    R"({"results":[{"statement_id":0,"series":[{"name":"bitrate","tags":{"stream":"cam-1"},)"
    R"("columns":["time","mean","n"],"values":[[1700000000000,2811.2,3],[1700000060000,null,0]]}],)"
    R"("partial":true}]})"
    "\n"
    R"({"results":[{"statement_id":0,"series":[{"name":"bitrate","tags":{"stream":"cam 2"},)"
    R"("columns":["time","mean","n"],"values":[[1700000000000,1.5e-07,1]]}]}]})"
    "\n"
    R"({"results":[{"statement_id":1,"error":"measurement not found"}]})"
    "\n";

const char* kRows = R"({"ts":1700000000000,"stream":"cam-1","mean":2811.2,"n":3})"
                    "\n"
                    R"({"ts":1700000060000,"stream":"cam-1","mean":null,"n":0})"
                    "\n"
                    R"({"ts":1700000000000,"stream":"cam 2","mean":1.5e-07,"n":1})"
                    "\n";

}  // namespace

TEST_CASE("query stream: chunks split anywhere give the same rows") {
  std::string body = kChunks;
  for (size_t piece : {size_t(1), size_t(7), size_t(64), body.size()}) {
    StringSink sink;
    QueryStreamer streamer(&sink);
    std::string err;
    for (size_t i = 0; i < body.size(); i += piece) {
      REQUIRE(streamer.feed(std::string_view(body).substr(i, piece), &err));
    }
    REQUIRE(streamer.finish(&err));
    CHECK(sink.rows == kRows);
    CHECK(streamer.rows() == 3);
    REQUIRE(streamer.errors().size() == 1);
    CHECK(streamer.errors()[0] == "measurement not found");
  }
}

TEST_CASE("query stream: rows without time or tags, and a body without a final newline") {
  StringSink sink;
  QueryStreamer streamer(&sink);
  std::string err;
  REQUIRE(streamer.feed(R"({"results":[{"statement_id":0,"series":[{"name":"databases",)"
                        R"("columns":["name"],"values":[["_internal"],["video"]]}]}]})",
                        &err));
  CHECK(sink.rows.empty());
  REQUIRE(streamer.finish(&err));
  CHECK(sink.rows == "{\"name\":\"_internal\"}\n{\"name\":\"video\"}\n");
}

TEST_CASE("query stream: a top-level error and invalid JSON") {
  StringSink sink;
  QueryStreamer streamer(&sink);
  std::string err;
  REQUIRE(streamer.feed("{\"error\":\"database not found: x\"}\n", &err));
  CHECK(streamer.errors() == std::vector<std::string>{"database not found: x"});
  CHECK_FALSE(streamer.feed("{\"results\":[\n", &err));
  CHECK(err.rfind("invalid JSON in the server's response", 0) == 0);
}

TEST_CASE("query stream: a line longer than the bound is an error, whole or in pieces") {
  std::string line = R"({"results":[{"statement_id":0,"series":[{"name":"m","columns":["v"],)"
                     R"("values":[[1],[2],[3]]}]}]})";
  for (size_t bound : {line.size(), line.size() - 1}) {
    for (size_t piece : {size_t(5), line.size() + 1}) {
      StringSink sink;
      QueryStreamer streamer(&sink, bound);
      std::string body = line + "\n", err;
      bool ok = true;
      for (size_t i = 0; i < body.size() && ok; i += piece) {
        ok = streamer.feed(std::string_view(body).substr(i, piece), &err);
      }
      if (bound == line.size()) {
        CHECK(ok);
        CHECK(sink.rows == "{\"v\":1}\n{\"v\":2}\n{\"v\":3}\n");
      } else {
        CHECK_FALSE(ok);
        CHECK(err.find("longer than 0 MiB") != std::string::npos);
        CHECK(sink.rows.empty());
      }
    }
  }
}

TEST_CASE("query stream: control characters are escaped in rows, shown in errors") {
  StringSink sink;
  QueryStreamer streamer(&sink);
  std::string err;
  REQUIRE(
      streamer.feed("{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\","
                    "\"tags\":{\"t\x7f\":\"\xc2\x9b\"},\"columns\":[\"s\"],"
                    "\"values\":[[\"a\\u001bb\xc2\xa0\xc2\x80\"]]}]},"
                    "{\"statement_id\":1,\"error\":\"x\\u001b[2J\xc2\x9by\"}]}\n",
                    &err));
  CHECK(sink.rows == "{\"t\\u007f\":\"\\u009b\",\"s\":\"a\\u001bb\xc2\xa0\\u0080\"}\n");
  REQUIRE(streamer.errors().size() == 1);
  CHECK(streamer.errors()[0] == "x\\x1b[2J\\u009by");
}
