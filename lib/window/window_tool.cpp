#include "window/window_tool.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "error.hpp"
#include "io/diagnostics.hpp"
#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "io/output_writer.hpp"
#include "io/signals.hpp"
#include "io/stats_ticker.hpp"
#include "json/json_line.hpp"
#include "json/line_batch.hpp"
#include "time/duration.hpp"
#include "time/plausible_time.hpp"
#include "window/checkpoint_partition_windows.hpp"
#include "window/checkpointed_windows.hpp"
#include "window/event_fields.hpp"
#include "window/group_key.hpp"
#include "window/late_events.hpp"
#include "window/window_engine.hpp"
#include "window/window_result.hpp"

namespace rivulet {

namespace {

constexpr int64_t kMillisecond = 1000000;

void check_lateness(const WindowToolOptions& o) {
  if (o.lateness_ns < 0 || o.lateness_ns > kMaxWindowNs) {
    throw UsageError("--lateness must be between 0 and 10000d");
  }
}

WindowSpec window_spec(const WindowToolOptions& o) {
  WindowSpec spec = WindowSpec::hopping(o.window_ns, o.hop_ns == 0 ? o.window_ns : o.hop_ns);
  std::string problem = spec.check();
  if (!problem.empty()) throw UsageError(problem);
  // Results carry integer times in the output unit, so windows must be whole units.
  int64_t unit = time_unit_ns(o.time.unit.value_or(TimeUnit::kMillis));  // auto writes ms
  if (spec.size_ns % unit != 0 || spec.hop_ns % unit != 0) {
    throw UsageError("--window and --hop must be whole multiples of the time unit (" +
                     format_duration(unit) + ")");
  }
  check_lateness(o);
  return spec;
}

// Each result field name must be unique, or the result object would have duplicate keys.
void check_result_names(std::vector<std::string> names, const std::vector<FieldPath>& keys,
                        const EventReader& reader) {
  for (const FieldPath& k : keys) names.push_back(k.text());
  for (std::string& n : reader.result_names()) names.push_back(std::move(n));
  for (size_t i = 0; i < names.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (names[i] == names[j]) {
        throw UsageError("the result field \"" + names[i] + "\" would appear twice");
      }
    }
  }
}

// How often an idle reader wakes up: often enough that a window closes within a tenth of
// a second of becoming due on the wall clock, and once a second for --stats.
int wake_interval_ms(const WindowToolOptions& o) {
  int64_t ms = -1;
  if (o.idle_ns > 0) ms = std::clamp<int64_t>(o.idle_ns / 4 / kMillisecond, 1, 100);
  if (o.stats != StatsFormat::kOff) ms = ms < 0 ? 1000 : std::min<int64_t>(ms, 1000);
  return static_cast<int>(ms);
}

std::string late_message(Placement placement, int64_t time_ns, int64_t watermark_ns) {
  std::string m = "late event: time " + format_rfc3339(time_ns);
  m += placement == Placement::kLate ? " is in a window closed already"
                                     : " missed some of its windows, closed already";
  m += " (watermark " + format_rfc3339(watermark_ns) + ")";
  return m;
}

// A cheap first test for is_checkpoint_line, run on every line: its first 8 bytes, compared
// as one word rather than by a call to memcmp for the whole prefix.
bool may_be_checkpoint_line(std::string_view line) {
  constexpr std::string_view kStart = "{\"rivulet";
  uint64_t a, b;
  if (line.size() < kStart.size()) return false;
  std::memcpy(&a, line.data(), sizeof a);
  std::memcpy(&b, kStart.data(), sizeof b);
  return a == b;
}

// One run of a window tool: the loop's state and its steps.
class WindowRun final : public LineBatchVisitor {
 public:
  WindowRun(const std::string& tool, const WindowToolOptions& options, EventReader* reader,
            const std::vector<std::string>& time_names, const WindowsFactory& make_windows,
            const Clock* clock, CheckpointKeys* checkpoint_keys)
      : reader_(reader),
        group_key_(parse_field_list(options.by)),
        filter_(parse_where_options(options.where)),
        fields_(options.time.reader(), &group_key_, reader),
        diagnostics_(tool),
        engine_(make_windows(group_key_, &out_)),
        event_clock_(options.idle_ns, clock),
        input_(options.inputs),
        checkpoint_(!options.checkpoint.empty(), checkpoint_keys),
        stats_(options.stats, &diagnostics_, clock, isatty(2) != 0) {
    check_result_names(time_names, group_key_.fields(), *reader);
    apply_bad_input_options(options.bad_input, &diagnostics_);
    if (!options.late_path.empty()) late_.set_file(options.late_path);
    out_.set_line_buffered(options.line_buffered);
    input_.set_before_wait([this] {
      event_clock_.input_waiting();
      out_.flush();
    });
    input_.set_idle_timeout(wake_interval_ms(options));
  }

  int run() {
    Line line;
    for (;;) {
      ReadStatus status = input_.next(&line);
      if (status == ReadStatus::kEnd || status == ReadStatus::kStopped) break;
      size_t handled = 1;
      if (status == ReadStatus::kTimeout) {
        if (event_clock_.advance_if_idle()) engine_->advance(event_clock_.watermark_ns());
      } else if (filter_.empty()) {
        // The lines buffered behind this one are parsed as one block (LineBatch). --where
        // keeps to one line at a time: its notes, and its record of the fields it has seen,
        // must not take in a document the batch may yet hand back to handle_alone.
        batch_.collect(line, &input_);
        if (!batch_.parse(this)) break;
        handled = batch_.lines().size();
      } else {
        handle(line);
        if (diagnostics_.should_stop()) break;
      }
      // Stop requests are seen by the reader only when it waits; a fast file read checks here.
      if (stop_requested()) break;
      uint64_t lines_before = lines_;
      if (status == ReadStatus::kLine) lines_ += handled;
      // The clock is read every 16384 lines and on every wakeup.
      if (status == ReadStatus::kTimeout || (lines_before >> 14) != (lines_ >> 14)) {
        stats_.maybe_tick([this] { return stats_record(); });
      }
    }
    // With --checkpoint, open windows are written only at ksub's end marker (done then):
    // after a kill or stop upstream they would be partial.
    if (!checkpoint_.enabled()) engine_->close_all();
    out_.flush();
    for (const std::string& field : filter_.never_seen()) {
      diagnostics_.error("--where: no event had the field \"" + field + "\", so none was counted");
    }
    late_.finish();
    diagnostics_.finish();
    stats_.finish(stats_record());
    return diagnostics_.bad_lines() > 0 ? kExitDataError : kExitOk;
  }

  // LineBatchVisitor (public: LineBatch::parse calls them directly): read() only reads the event
  // into read_ (the batch may yet hand the line to handle_alone), accept() acts on it. Used without
  // --where only (see run()).
  bool read(JsonDocument& doc, const Line& line) override {
    // A checkpoint marker is no event: handle() takes it (and the rest of the batch).
    if (may_be_checkpoint_line(line.text) && is_checkpoint_line(line.text)) return false;
    read_ = read_event(doc);
    return read_ != Read::kBad;
  }
  bool accept(const Line& line) override {
    if (read_ == Read::kEvent) {
      check_time(line);
      add_event(line);
    }
    return true;
  }
  bool handle_alone(const Line& line) override {
    handle(line);
    return !diagnostics_.should_stop();
  }

 private:
  void handle(const Line& line) {
    err_.clear();
    std::string warning;
    if (checkpoint_.marker(line.text, engine_.get(), &out_, &err_, &warning)) {
      if (!err_.empty()) bad(line);
      if (!warning.empty()) diagnostics_.warn_line(input_.source(), line.number, warning);
      return;
    }
    if (!parser_.parse(line.text, &doc_, &err_)) return bad(line);
    Selection selection = filter_.select(doc_, &err_);
    if (std::string note = filter_.take_type_note(); !note.empty()) {
      diagnostics_.warn_line(input_.source(), line.number, note);
    }
    if (selection == Selection::kSkipped) return;
    if (selection == Selection::kBad) return bad(line);
    read_ = read_event(doc_);
    if (time_read_) check_time(line);
    if (read_ == Read::kBad) return bad(line);
    if (read_ == Read::kEvent) add_event(line);
  }

  enum class Read { kEvent, kSkipped, kBad };

  // Reads the event's time, key and values into time_ns_, key_ and the reader; kBad with
  // err_ set. Acts on nothing: time_read_ says whether time_ns_ was read (for check_time).
  Read read_event(JsonDocument& doc) {
    time_read_ = false;
    Selection selection = reader_->select(doc, &err_);
    if (selection == Selection::kSkipped) return Read::kSkipped;
    if (selection == Selection::kBad) return Read::kBad;
    bool ok = fields_.read(doc, *engine_, &err_);
    time_read_ = fields_.time_read();
    time_ns_ = fields_.time_ns();
    if (!ok) return Read::kBad;
    key_ = fields_.key();
    if (checkpoint_.enabled() && !checkpoint_.read_source(doc, &err_)) return Read::kBad;
    return Read::kEvent;
  }

  // Warns once per run of a time far outside 2000..2100 (read_event read it from `line`).
  void check_time(const Line& line) {
    if (std::string odd = plausible_time_.check(time_ns_); !odd.empty()) {
      diagnostics_.warn_line(input_.source(), line.number, odd);
    }
  }

  // Adds the event read_event() read last, from `line`.
  void add_event(const Line& line) {
    ++events_;
    Placement placement = checkpoint_.enabled() ? checkpoint_.add(time_ns_, key_, engine_.get())
                                                : engine_->add(time_ns_, key_);
    if (placement != Placement::kAdded && placement != Placement::kStored) {
      late_.record(line.text);
      diagnostics_.warn_line(input_.source(), line.number,
                             late_message(placement, time_ns_, event_clock_.watermark_ns()));
    }
    if (event_clock_.observe(time_ns_) == EventClock::Observed::kHeldBack) {
      diagnostics_.warn_line(
          input_.source(), line.number,
          fmt::format("time {} is more than an hour ahead of the events before it: it does "
                      "not move event time on (closing no window) unless later events agree",
                      format_rfc3339(time_ns_)));
    }
    // A watermark passed on already is a no-op for the engine (it never moves back): most
    // events share their time's watermark with the event before, so the call is skipped.
    if (!advanced_ || event_clock_.watermark_ns() != advanced_ns_) {
      advanced_ = true;
      advanced_ns_ = event_clock_.watermark_ns();
      engine_->advance(advanced_ns_);
    }
  }

  void bad(const Line& line) {
    diagnostics_.bad_line(input_.source(), line.number, err_, line.text);
  }

  StatsRecord stats_record() const {
    StatsRecord r;
    r.count("events", events_).note("progress", engine_->progress()).count("late", late_.count());
    if (checkpoint_.enabled()) r.count("already_stored", checkpoint_.stored());
    r.count("held_back", event_clock_.held_back())
        .count("bad_lines", diagnostics_.bad_lines())
        .rate_of("events");
    return r;
  }

  EventReader* reader_;
  GroupKey group_key_;
  EventFilter filter_;
  EventFields fields_;
  Diagnostics diagnostics_;
  LateEvents late_;
  OutputWriter out_;
  std::unique_ptr<EventWindows> engine_;
  EventClock event_clock_;
  InputChain input_;
  CheckpointedWindows checkpoint_;
  JsonLineParser parser_;
  JsonDocument doc_;
  LineBatch batch_;
  Read read_ = Read::kBad;
  int64_t time_ns_ = 0;
  bool time_read_ = false;
  std::string_view key_;
  PlausibleTime plausible_time_;
  std::string err_;
  bool advanced_ = false;  // add_event's last engine_->advance: whether made, and to where
  int64_t advanced_ns_ = 0;
  uint64_t events_ = 0;
  uint64_t lines_ = 0;
  StatsTicker stats_;
};

}  // namespace

std::vector<FieldPath> parse_field_options(const std::vector<std::string>& values) {
  std::vector<FieldPath> out;
  for (const std::string& v : values) {
    for (FieldPath& p : parse_field_list(v)) out.push_back(std::move(p));
  }
  return out;
}

std::vector<FieldCondition> parse_where_options(const std::vector<std::string>& values) {
  std::vector<FieldCondition> conditions;
  for (const std::string& v : values) {
    std::string err;
    if (!parse_field_conditions(v, &conditions, &err)) throw UsageError("--where: " + err);
  }
  return conditions;
}

int run_event_windows(const std::string& tool, const WindowToolOptions& options,
                      EventReader* reader, const std::vector<std::string>& time_names,
                      const WindowsFactory& make_windows, const Clock* clock,
                      CheckpointKeys* checkpoint_keys) {
  check_lateness(options);
  if (!options.checkpoint.empty() && checkpoint_keys == nullptr) {
    throw UsageError("--checkpoint needs fixed windows");
  }
  WindowRun run(tool, options, reader, time_names,
                options.checkpoint.empty() ? make_windows
                                           : partition_windows(make_windows, options.lateness_ns),
                clock != nullptr ? clock : &system_clock(), checkpoint_keys);
  return run.run();
}

int run_window_tool(const std::string& tool, const WindowToolOptions& options,
                    Aggregation* aggregation, const Clock* clock) {
  WindowSpec spec = window_spec(options);
  if (options.fill_zero_forget_ns < 0 || options.fill_zero_forget_ns > kMaxWindowNs) {
    throw UsageError("--forget must be between 0 and 10000d");
  }
  CheckpointKeys checkpoint_keys;
  const bool checkpoint = !options.checkpoint.empty();
  auto make_windows = [&](const GroupKey& key, OutputWriter* out) {
    auto writer = std::make_shared<ResultWriter>(&key, options.time.unit);
    CheckpointKeys* keys = checkpoint ? &checkpoint_keys : nullptr;
    auto engine = std::make_unique<WindowEngine>(
        spec, options.lateness_ns, aggregation,
        [writer, out, keys](int64_t start, int64_t end, std::string_view key,
                            const WindowRows& rows, uint32_t row) {
          if (keys != nullptr && !keys->result_key(key, &key)) return;
          writer->write(out->buffer(), start, end, key, rows, row);
          out->end_record();
        });
    if (options.fill_zero_forget_ns > 0) engine->fill_zero(options.fill_zero_forget_ns);
    return engine;
  };
  return run_event_windows(tool, options, aggregation, {"ts", "window_end"}, make_windows, clock,
                           &checkpoint_keys);
}

}  // namespace rivulet
