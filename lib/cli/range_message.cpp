#include "cli/range_message.hpp"

#include <cstdlib>
#include <regex>

namespace rivulet {

namespace {

// "0.000000" -> "0", "2.500000" -> "2.5".
std::string trimmed_number(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

bool unbounded(const std::string& text) {
  return std::abs(std::strtod(text.c_str(), nullptr)) > 1e18;
}

}  // namespace

std::string readable_range_message(const std::string& message) {
  static const std::regex kRange("Value (\\S+) not in range (\\S+) to (\\S+)");
  std::smatch m;
  if (!std::regex_search(message, m, kRange)) return message;
  std::string value = m[1], low = m[2], high = m[3];
  std::string text;
  if (unbounded(high) && !unbounded(low)) {
    text = value + " is not at least " + trimmed_number(low);
  } else if (unbounded(low) && !unbounded(high)) {
    text = value + " is not at most " + trimmed_number(high);
  } else {
    text = value + " is not between " + trimmed_number(low) + " and " + trimmed_number(high);
  }
  return m.prefix().str() + text + m.suffix().str();
}

}  // namespace rivulet
