#pragma once
// One --stats for every tool: when a statistics line is printed (every second while the tool
// runs, and once at exit), and what it looks like: one text format for people, or NDJSON for
// programs (--stats=ndjson), both documented in rivulet(7).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/diagnostics.hpp"
#include "time/clock.hpp"

namespace rivulet {

enum class StatsFormat { kOff, kText, kNdjson };

// "text" or "ndjson"; false for anything else.
bool parse_stats_format(std::string_view text, StatsFormat* format);

// One report: named entries in the order the tool adds them. Names are lower_snake_case;
// they are the NDJSON keys, and text shows them with spaces ("bad_lines" -> "0 bad lines").
class StatsRecord {
 public:
  // A counter: "12000 events".
  StatsRecord& count(std::string_view name, uint64_t value);
  // A measured quantity with its unit in the name ("latency_max_ms"): text shows
  // "latency max 1.5 ms".
  StatsRecord& quantity(std::string_view name, double value, std::string_view unit);
  // Free text (the window tools' progress): text shows it as is, NDJSON as a string.
  StatsRecord& note(std::string_view name, std::string text);
  // Adds NAME_per_s, the average rate of the counter NAME since the tool started.
  StatsRecord& rate_of(std::string_view counter);

  struct Entry {
    enum class Kind { kCount, kQuantity, kNote } kind;
    std::string name;
    uint64_t count = 0;
    double quantity = 0;
    std::string text;  // the unit of a quantity, the text of a note
  };
  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& rate_counter() const { return rate_of_; }

 private:
  std::vector<Entry> entries_;
  std::string rate_of_;
};

// "stats: 12000 events, 3 late, 0 bad lines, 11990 events/s, 1.0 s"
std::string format_stats_text(const StatsRecord& record, int64_t elapsed_ns);
// {"stats":"tick","tool":"win-avg","elapsed_s":1.002,"events":12000,...,"events_per_s":11990}
// with "stats":"final" on the line printed at exit.
std::string format_stats_ndjson(std::string_view tool, const StatsRecord& record,
                                int64_t elapsed_ns, bool final);

// Prints a record every kIntervalNs while the tool runs and once at exit. Tools call due()
// often (it reads the clock, so every few thousand lines and on every wakeup of a wait);
// building a record only when it is due keeps --stats free when it is off.
class StatsTicker {
 public:
  static constexpr int64_t kIntervalNs = 1'000'000'000;

  // `out` writes the lines (stderr in tools). With `final_on_terminal` (stderr is a
  // terminal) the exit line is printed even without --stats: a person running a tool by
  // hand sees what it did.
  StatsTicker(StatsFormat format, Diagnostics* out, const Clock* clock = nullptr,
              bool final_on_terminal = false);

  bool due() const { return format_ != StatsFormat::kOff && clock_->now_ns() >= next_ns_; }
  // Prints `record` now and schedules the next tick.
  void tick(const StatsRecord& record);
  // The line at exit (once).
  void finish(const StatsRecord& record);

  template <typename MakeRecord>
  void maybe_tick(MakeRecord&& make) {
    if (due()) tick(make());
  }

 private:
  void print(const StatsRecord& record, bool final);

  StatsFormat format_;
  Diagnostics* out_;
  const Clock* clock_;
  bool final_on_terminal_;
  bool finished_ = false;
  int64_t start_ns_;
  int64_t next_ns_;
};

}  // namespace rivulet
