#include "time/timestamp.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

bool digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool epoch_to_ns(double value, TimeUnitOrAuto given, int64_t* ns, std::string* err) {
  if (!std::isfinite(value)) {
    *err = "time is not a finite number";
    return false;
  }
  TimeUnit unit = resolve_time_unit(value, given);
  long double v = static_cast<long double>(value) * time_unit_ns(unit);
  if (v > 9.2e18L || v < -9.2e18L) {
    *err = "time is out of range for " + std::string(time_unit_name(unit));
    return false;
  }
  *ns = static_cast<int64_t>(std::llroundl(v));
  return true;
}

bool epoch_to_ns(int64_t value, TimeUnitOrAuto given, int64_t* ns, std::string* err) {
  TimeUnit unit = resolve_time_unit(static_cast<double>(value), given);
  int64_t scale = time_unit_ns(unit);
  if (__builtin_mul_overflow(value, scale, ns)) {
    *err = "time is out of range for " + std::string(time_unit_name(unit));
    return false;
  }
  return true;
}

int64_t ns_to_epoch(int64_t ns, TimeUnitOrAuto unit) {
  int64_t scale = time_unit_ns(unit.value_or(TimeUnit::kMillis));
  int64_t q = ns / scale;
  if (ns % scale != 0 && ns < 0) --q;
  return q;
}

bool parse_rfc3339(std::string_view s, int64_t* ns, std::string* err) {
  auto fail = [&] {
    *err = "invalid RFC 3339 time \"" + std::string(s) + "\"";
    return false;
  };
  int year, month, day, hour, minute, second;
  if (!digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, &month) ||
      s[7] != '-' || !digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !digits(s, 11, 2, &hour) || s[13] != ':' || !digits(s, 14, 2, &minute) || s[16] != ':' ||
      !digits(s, 17, 2, &second)) {
    return fail();
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || hour > 23 || minute > 59 ||
      second > 60) {
    return fail();
  }
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month == 2 && day == 29 && !leap) return fail();
  size_t i = 19;
  int64_t fraction_ns = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t scale = 100000000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      fraction_ns += (s[i] - '0') * scale;  // digits past nanoseconds are truncated
      scale /= 10;
      ++i;
    }
    if (i == start) return fail();
  }
  int64_t offset_s = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh, om;
    if (!digits(s, i + 1, 2, &oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !digits(s, i + 4, 2, &om) || oh > 23 || om > 59) {
      return fail();
    }
    offset_s = (oh * 3600 + om * 60) * (s[i] == '+' ? 1 : -1);
    i += 6;
  } else {
    return fail();
  }
  if (i != s.size()) return fail();
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_s;
  // A negative time with a fraction is (secs + 1) s less the rest of the second, which stays
  // in range down to the very first nanosecond timestamp.
  constexpr int64_t kSecond = 1000000000;
  int64_t total;
  bool outside = fraction_ns > 0 && secs < 0
                     ? __builtin_mul_overflow(secs + 1, kSecond, &total) ||
                           __builtin_sub_overflow(total, kSecond - fraction_ns, &total)
                     : __builtin_mul_overflow(secs, kSecond, &total) ||
                           __builtin_add_overflow(total, fraction_ns, &total);
  if (outside) {
    *err = fmt::format("time \"{}\" is outside the range of nanosecond timestamps ({} to {})", s,
                       format_rfc3339(std::numeric_limits<int64_t>::min()),
                       format_rfc3339(std::numeric_limits<int64_t>::max()));
    return false;
  }
  *ns = total;
  return true;
}

std::string format_rfc3339(int64_t ns) {
  int64_t secs = ns / 1000000000LL;
  int64_t frac = ns % 1000000000LL;
  if (frac < 0) {
    frac += 1000000000LL;
    --secs;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  civil_from_days(days, &y, &m, &d);
  // fmt's compiled formats: as fast as the hand-written digits this replaced snprintf with
  // would be, and a result tool writes a time per line.
  char buf[64];
  char* end = fmt::format_to(buf, FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}"), y, m, d,
                             rem / 3600, rem / 60 % 60, rem % 60);
  if (frac != 0) {
    if (frac % 1000000 == 0) {
      end = fmt::format_to(end, FMT_COMPILE(".{:03}"), frac / 1000000);
    } else if (frac % 1000 == 0) {
      end = fmt::format_to(end, FMT_COMPILE(".{:06}"), frac / 1000);
    } else {
      end = fmt::format_to(end, FMT_COMPILE(".{:09}"), frac);
    }
  }
  *end++ = 'Z';
  return std::string(buf, end);
}

bool parse_time_argument(std::string_view text, int64_t now_ns, int64_t* ns, std::string* err) {
  if (text == "now") {
    *ns = now_ns;
    return true;
  }
  if (!text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-') &&
      text.find_first_not_of("0123456789.-") == std::string_view::npos) {
    std::string s(text);
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) {
      *err = "invalid time \"" + s + "\"";
      return false;
    }
    return epoch_to_ns(v, kAutoTimeUnit, ns, err);
  }
  if (!parse_rfc3339(text, ns, err)) {
    *err = "invalid time \"" + std::string(text) +
           "\" (use now, an RFC 3339 time like 2024-01-01T00:00:00Z, or epoch seconds/ms)";
    return false;
  }
  return true;
}

void EventTimeReader::append_like(std::string& out, int64_t ns, const Token& token) {
  if (token.is_string) {
    out += '"';
    out += format_rfc3339(ns);
    out += '"';
  } else if (token.is_integer) {
    fmt::format_int digits(ns_to_epoch(ns, token.unit));
    out.append(digits.data(), digits.size());
  } else {
    double scale = static_cast<double>(time_unit_ns(token.unit));
    append_json_number(out, static_cast<double>(ns) / scale);
  }
}

FieldStatus EventTimeReader::read(JsonDocument& doc, int64_t* ns, std::string* err,
                                  Token* token) const {
  JsonValue value;
  FieldStatus s = find_field(doc, field_, &value, err);
  if (s != FieldStatus::kOk) return s;
  return read_value(value, ns, err, token);
}

FieldStatus EventTimeReader::read_value(JsonValue& value, int64_t* ns, std::string* err,
                                        Token* token) const {
  // Every message names the field first: "field \"ts\": what is wrong".
  auto invalid = [&](std::string_view what) {
    *err = fmt::format("field \"{}\": {}", field_.text(), what);
    return FieldStatus::kInvalid;
  };
  if (token != nullptr) token->raw = trim_json_whitespace(value.raw_json_token());
  simdjson::ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) {
    *err = fmt::format("field \"{}\" is not valid JSON", field_.text());
    return FieldStatus::kInvalid;
  }
  std::string problem;
  if (type == simdjson::ondemand::json_type::number) {
    simdjson::ondemand::number_type nt;
    int64_t v;
    // With no token to describe, an integer is converted at once: classifying it first
    // parses it twice. Anything else fails without moving on and takes the path below.
    bool integer = token == nullptr && value.get_int64().get(v) == simdjson::SUCCESS;
    if (integer || (value.get_number_type().get(nt) == simdjson::SUCCESS &&
                    nt == simdjson::ondemand::number_type::signed_integer)) {
      if (integer || value.get_int64().get(v) == simdjson::SUCCESS) {
        if (token != nullptr) {
          token->is_integer = true;
          token->unit = resolve_time_unit(static_cast<double>(v), unit_);
        }
        if (!epoch_to_ns(v, unit_, ns, &problem)) return invalid(problem);
        return FieldStatus::kOk;
      }
    }
    double d;
    if (value.get_double().get(d) != simdjson::SUCCESS) return invalid("not a valid number");
    if (!epoch_to_ns(d, unit_, ns, &problem)) return invalid(problem);
    if (token != nullptr) token->unit = resolve_time_unit(d, unit_);
    return FieldStatus::kOk;
  }
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view text;
    if (value.get_string().get(text) != simdjson::SUCCESS) return invalid("not a valid string");
    if (!parse_rfc3339(text, ns, &problem)) return invalid(problem);
    if (token != nullptr) token->is_string = true;
    return FieldStatus::kOk;
  }
  *err = fmt::format("field \"{}\" is {}, not a time (epoch number or RFC 3339 string)",
                     field_.text(), json_type_name(type));
  return FieldStatus::kWrongType;
}

}  // namespace rivulet
