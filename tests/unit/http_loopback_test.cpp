#include <catch2/catch.hpp>

#include "http/loopback.hpp"

using namespace rivulet;

TEST_CASE("loopback URLs: localhost, 127.0.0.0/8 and ::1") {
  CHECK(is_loopback_url("http://127.0.0.1:8086"));
  CHECK(is_loopback_url("http://127.3.2.1:8086/"));
  CHECK(is_loopback_url("https://localhost:8086"));
  CHECK(is_loopback_url("http://LOCALHOST"));
  CHECK(is_loopback_url("http://influx.localhost:8086"));
  CHECK(is_loopback_url("http://[::1]:8086"));
  CHECK(is_loopback_url("http://user:pw@127.0.0.1:8086/path?x=1"));
}

TEST_CASE("loopback URLs: everything else is remote") {
  CHECK_FALSE(is_loopback_url("http://10.0.0.5:8086"));
  CHECK_FALSE(is_loopback_url("http://128.0.0.1:8086"));
  CHECK_FALSE(is_loopback_url("https://influx.example.com"));
  CHECK_FALSE(is_loopback_url("http://localhost.example.com"));
  CHECK_FALSE(is_loopback_url("http://[::2]:8086"));
  CHECK_FALSE(is_loopback_url("http://[2001:db8::1]:8086"));
  CHECK_FALSE(is_loopback_url("http://127.0.0.1.example.com"));
  CHECK_FALSE(is_loopback_url("not a url"));
  CHECK_FALSE(is_loopback_url(""));
}
