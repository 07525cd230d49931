#include <catch2/catch.hpp>

#include "influx/query_statements.hpp"

using namespace rivulet;

TEST_CASE("query statements split at semicolons outside quotes", "[influx]") {
  CHECK(split_statements("SELECT 1 FROM a; SELECT x FROM \"b;c\" WHERE s = 'x;y' ;;") ==
        std::vector<std::string>{"SELECT 1 FROM a", "SELECT x FROM \"b;c\" WHERE s = 'x;y'"});
  CHECK(split_statements("  SHOW DATABASES  ") == std::vector<std::string>{"SHOW DATABASES"});
  CHECK(split_statements(" ; ").empty());
}

TEST_CASE("the measurement a SELECT reads", "[influx]") {
  CHECK(selected_measurement("SELECT mean(v) FROM bitrate GROUP BY time(1m)") == "bitrate");
  CHECK(selected_measurement("select * from \"my \\\"m\\\"\" where a='FROM x'") == "my \"m\"");
  CHECK(selected_measurement("SELECT * FROM video.autogen.frames") == "frames");
  CHECK(selected_measurement("SELECT \"from\" FROM m") == "m");
  CHECK(selected_measurement("SELECT * FROM a, b").empty());
  CHECK(selected_measurement("SELECT * FROM /cam.*/").empty());
  CHECK(selected_measurement("SHOW MEASUREMENTS").empty());
}
