#include "time/duration.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <iterator>

namespace rivulet {

namespace {

struct Unit {
  const char* name;
  int64_t ns;
};

// Longest names first so "ms" is not read as "m" followed by junk.
constexpr Unit kUnits[] = {{"ns", 1},
                           {"us", 1000},
                           {"\xC2\xB5s", 1000},
                           {"ms", 1000000},
                           {"s", 1000000000LL},
                           {"m", 60 * 1000000000LL},
                           {"h", 3600 * 1000000000LL},
                           {"d", 86400 * 1000000000LL}};

}  // namespace

bool parse_duration(std::string_view text, int64_t* ns, std::string* err) {
  if (text == "0") {
    *ns = 0;
    return true;
  }
  if (text.empty()) {
    *err = "empty duration";
    return false;
  }
  long double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == start) {
      *err = "invalid duration \"" + std::string(text) + "\" (expected e.g. 250ms, 10s, 1m30s)";
      return false;
    }
    std::string number(text.substr(start, i - start));
    char* end = nullptr;
    long double value = std::strtold(number.c_str(), &end);
    if (end != number.c_str() + number.size()) {
      *err = "invalid number in duration \"" + std::string(text) + "\"";
      return false;
    }
    size_t unit_start = i;
    while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty()) {
      *err = "duration \"" + std::string(text) + "\" needs a unit (ns, us, ms, s, m, h, d)";
      return false;
    }
    const Unit* found = nullptr;
    for (const Unit& u : kUnits) {
      if (unit == u.name) found = &u;
    }
    if (found == nullptr) {
      *err = "unknown unit \"" + std::string(unit) + "\" in duration \"" + std::string(text) +
             "\" (use ns, us, ms, s, m, h, d)";
      return false;
    }
    total += value * found->ns;
  }
  if (total > 9.2e18L) {
    *err = "duration \"" + std::string(text) + "\" is too long";
    return false;
  }
  *ns = static_cast<int64_t>(std::llround(static_cast<double>(total)));
  return true;
}

std::string format_duration(int64_t ns) {
  if (ns == 0) return "0s";
  std::string out;
  if (ns < 0) {
    out += '-';
    ns = -ns;
  }
  auto it = std::back_inserter(out);
  if (ns % 1000000000LL != 0) {
    if (ns % 1000000 == 0)
      fmt::format_to(it, "{}ms", ns / 1000000);
    else if (ns % 1000 == 0)
      fmt::format_to(it, "{}us", ns / 1000);
    else
      fmt::format_to(it, "{}ns", ns);
    return out;
  }
  int64_t s = ns / 1000000000LL;
  int64_t h = s / 3600, m = (s / 60) % 60, sec = s % 60;
  if (h > 0) fmt::format_to(it, "{}h", h);
  if (m > 0) fmt::format_to(it, "{}m", m);
  if (sec > 0) fmt::format_to(it, "{}s", sec);
  return out;
}

}  // namespace rivulet
