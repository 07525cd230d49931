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
