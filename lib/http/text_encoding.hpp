#pragma once
// The two encodings HTTP requests need: percent-encoding of URL parameter values and the
// base64 of Basic authentication.

#include <string>
#include <string_view>

namespace rivulet {

// Percent-encodes a query parameter value: everything but RFC 3986's unreserved characters.
std::string url_encode(std::string_view text);

// Standard base64 (RFC 4648, with "=" padding), as "Authorization: Basic" wants it.
std::string base64(std::string_view in);

}  // namespace rivulet
