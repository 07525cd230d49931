#include "probe/input_name.hpp"

#include <sys/stat.h>

#include <algorithm>

namespace rivulet {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool is_live_input(std::string_view input) {
  if (input == "-" || starts_with(input, "pipe:")) return true;
  if (starts_with(input, "file:")) return false;
  struct stat st {};
  std::string path(input);
  if (::stat(path.c_str(), &st) == 0) return !S_ISREG(st.st_mode);
  return input.find("://") != std::string_view::npos;
}

std::string default_stream_name(std::string_view input) {
  if (input == "-" || input == "pipe:" || input == "pipe:0") return "stdin";
  std::string_view rest = input;
  std::string_view host;
  size_t scheme = rest.find("://");
  if (scheme != std::string_view::npos) {
    rest = rest.substr(scheme + 3);
    size_t slash = rest.find('/');
    host = rest.substr(0, std::min(slash, rest.find_first_of("?#")));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    size_t colon = host.rfind(':');
    if (colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
      host = host.substr(0, colon);
    }
    size_t at = host.rfind('@');  // user:password@host
    if (at != std::string_view::npos) host = host.substr(at + 1);
  } else if (starts_with(rest, "file:")) {
    rest = rest.substr(5);
  }
  rest = rest.substr(0, rest.find_first_of("?#"));
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  size_t slash = rest.rfind('/');
  std::string_view name = slash == std::string_view::npos ? rest : rest.substr(slash + 1);
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  if (name.empty()) name = host;
  if (name.empty()) return "video";
  return std::string(name);
}

}  // namespace rivulet
