#pragma once
// Whether a URL points at this machine's loopback interface.

#include <string>

namespace rivulet {

// True for http(s) URLs whose host is localhost (or a name under .localhost), an address
// in 127.0.0.0/8, or ::1. False for anything else, including text that is not a URL.
bool is_loopback_url(const std::string& url);

}  // namespace rivulet
