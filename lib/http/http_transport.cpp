#include "http/http_transport.hpp"

#include <curl/curl.h>

#include <cctype>
#include <string>

namespace rivulet {

double parse_retry_after(std::string_view value, long long now_epoch_seconds) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  if (value.empty()) return -1;
  bool all_digits = true;
  for (char c : value) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    if (value.size() > 9) return 1e9;  // absurd, but a number: the retry deadline caps it
    return static_cast<double>(std::stoll(std::string(value)));
  }
  // An HTTP date (RFC 9110 allows it); curl_getdate reads all three historic formats.
  time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return -1;
  long long delta = static_cast<long long>(when) - now_epoch_seconds;
  return delta > 0 ? static_cast<double>(delta) : 0.0;
}

}  // namespace rivulet
