#pragma once
// A URL as it may be shown: curl takes a password from "http://user:pass@host", and that
// URL ends up in error messages (and so in logs and terminals) unless redacted first.

#include <string>
#include <string_view>

namespace rivulet {

// `url` with the password of its user information replaced by "***" (the user kept):
// "http://me:secret@host:8086" -> "http://me:***@host:8086". Also without a scheme
// ("me:secret@host"). Anything else is returned as it is.
std::string redact_url(std::string_view url);

}  // namespace rivulet
