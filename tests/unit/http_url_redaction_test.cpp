#include <catch2/catch.hpp>

#include "http/url_redaction.hpp"

using namespace rivulet;

TEST_CASE("redact_url: the password goes, the user and the rest stay") {
  CHECK(redact_url("http://me:secret@db.example:8086") == "http://me:***@db.example:8086");
  CHECK(redact_url("https://me:s3cr:et@host/path?q=1") == "https://me:***@host/path?q=1");
  CHECK(redact_url("http://me:p@ss@host:8086") == "http://me:***@host:8086");
  CHECK(redact_url("http://:secret@host") == "http://:***@host");
  CHECK(redact_url("me:secret@host") == "me:***@host");
  CHECK(redact_url("ftp://me:secret@host") == "ftp://me:***@host");
}

TEST_CASE("redact_url: URLs without a password are shown as they are") {
  CHECK(redact_url("http://127.0.0.1:8086") == "http://127.0.0.1:8086");
  CHECK(redact_url("http://me@host:8086") == "http://me@host:8086");
  CHECK(redact_url("http://host/a@b:c") == "http://host/a@b:c");  // "@" only in the path
  CHECK(redact_url("http://host?x=a:b@c") == "http://host?x=a:b@c");
  CHECK(redact_url("") == "");
}
