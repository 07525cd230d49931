#include "io/stats_ticker.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

std::string spaced(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

double per_second(uint64_t count, int64_t elapsed_ns) {
  return elapsed_ns > 0 ? static_cast<double>(count) * 1e9 / static_cast<double>(elapsed_ns) : 0;
}

// The value of the counter the rate is of, if there is one.
const StatsRecord::Entry* rate_entry(const StatsRecord& record) {
  if (record.rate_counter().empty()) return nullptr;
  for (const auto& e : record.entries()) {
    if (e.kind == StatsRecord::Entry::Kind::kCount && e.name == record.rate_counter()) return &e;
  }
  return nullptr;
}

}  // namespace

bool parse_stats_format(std::string_view text, StatsFormat* format) {
  if (text == "text") {
    *format = StatsFormat::kText;
  } else if (text == "ndjson") {
    *format = StatsFormat::kNdjson;
  } else {
    return false;
  }
  return true;
}

StatsRecord& StatsRecord::count(std::string_view name, uint64_t value) {
  entries_.push_back({Entry::Kind::kCount, std::string(name), value, 0, {}});
  return *this;
}

StatsRecord& StatsRecord::quantity(std::string_view name, double value, std::string_view unit) {
  entries_.push_back({Entry::Kind::kQuantity, std::string(name), 0, value, std::string(unit)});
  return *this;
}

StatsRecord& StatsRecord::note(std::string_view name, std::string text) {
  entries_.push_back({Entry::Kind::kNote, std::string(name), 0, 0, std::move(text)});
  return *this;
}

StatsRecord& StatsRecord::rate_of(std::string_view counter) {
  rate_of_ = std::string(counter);
  return *this;
}

std::string format_stats_text(const StatsRecord& record, int64_t elapsed_ns) {
  std::string out = "stats:";
  const char* sep = " ";
  for (const auto& e : record.entries()) {
    switch (e.kind) {
      case StatsRecord::Entry::Kind::kCount:
        out += fmt::format("{}{} {}", sep, e.count, spaced(e.name));
        break;
      case StatsRecord::Entry::Kind::kQuantity:
        out += fmt::format("{}{} {:.1f} {}", sep, spaced(e.name), e.quantity, e.text);
        break;
      case StatsRecord::Entry::Kind::kNote:
        if (e.text.empty()) continue;
        out += fmt::format("{}{}", sep, e.text);
        break;
    }
    sep = ", ";
  }
  if (const auto* rate = rate_entry(record)) {
    out +=
        fmt::format("{}{:.0f} {}/s", sep, per_second(rate->count, elapsed_ns), spaced(rate->name));
    sep = ", ";
  }
  out += fmt::format("{}{:.1f} s", sep, static_cast<double>(elapsed_ns) / 1e9);
  return out;
}

std::string format_stats_ndjson(std::string_view tool, const StatsRecord& record,
                                int64_t elapsed_ns, bool final) {
  std::string out;
  JsonObjectWriter json(out);
  json.key("stats").string(final ? "final" : "tick");
  json.key("tool").string(tool);
  json.key("elapsed_s").number(static_cast<double>(elapsed_ns) / 1e9);
  for (const auto& e : record.entries()) {
    json.key(e.name);
    switch (e.kind) {
      case StatsRecord::Entry::Kind::kCount:
        json.number(e.count);
        break;
      case StatsRecord::Entry::Kind::kQuantity:
        json.number(e.quantity);
        break;
      case StatsRecord::Entry::Kind::kNote:
        json.string(e.text);
        break;
    }
  }
  if (const auto* rate = rate_entry(record)) {
    json.key(rate->name + "_per_s").number(per_second(rate->count, elapsed_ns));
  }
  json.close(false);
  return out;
}

StatsTicker::StatsTicker(StatsFormat format, Diagnostics* out, const Clock* clock,
                         bool final_on_terminal)
    : format_(format),
      out_(out),
      clock_(clock ? clock : &system_clock()),
      final_on_terminal_(final_on_terminal),
      start_ns_(clock_->now_ns()),
      next_ns_(start_ns_ + kIntervalNs) {}

void StatsTicker::tick(const StatsRecord& record) {
  next_ns_ = clock_->now_ns() + kIntervalNs;
  print(record, false);
}

void StatsTicker::finish(const StatsRecord& record) {
  if (finished_) return;
  finished_ = true;
  if (format_ == StatsFormat::kOff && !final_on_terminal_) return;
  print(record, true);
}

void StatsTicker::print(const StatsRecord& record, bool final) {
  int64_t elapsed = clock_->now_ns() - start_ns_;
  if (format_ == StatsFormat::kNdjson) {
    out_->write_line(format_stats_ndjson(out_->tool(), record, elapsed, final));
  } else {
    out_->info(format_stats_text(record, elapsed));
  }
}

}  // namespace rivulet
