#pragma once
// Replays captured NDJSON events at the pace of their event times.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "io/diagnostics.hpp"
#include "io/output_writer.hpp"
#include "json/json_line.hpp"
#include "time/pacer.hpp"
#include "time/plausible_time.hpp"
#include "time/timestamp.hpp"

namespace rivulet {

struct ReplayOptions {
  EventTimeReader time;
  // Shift every timestamp so the first event carries `retime_to_ns` (gaps kept).
  bool retime = false;
  int64_t retime_to_ns = 0;
  // For --loop: events of one stream share the value of this field, and each stream keeps
  // its own frame interval at the seam between passes.
  FieldPath stream_field{"stream"};
  bool looping = false;  // track streams in the first pass (only --loop needs them)
};

// Feeds lines through a Pacer into an OutputWriter. Lines are emitted in input order, never
// reordered or dropped: an event whose moment has passed (out of order) goes out at once; a
// line without a usable time goes out at once with a warning; a line that is not a JSON
// object is bad input (reported, rejected, not emitted).
class Replayer {
 public:
  Replayer(ReplayOptions options, Pacer* pacer, OutputWriter* out, Diagnostics* diagnostics);

  // Starts pass `loop` (0-based) of a looped replay: event times of this pass are shifted by
  // loop * the period of the first pass, so looped time keeps moving forward. The period is
  // the smallest that gives every stream (events with one value of stream_field; all events
  // are one stream without it) at least its own mean gap between its last event of a pass
  // and its first of the next, and starts each pass after the one before ends: a capture of
  // streams at one frame rate loops with every stream's interval unchanged at the seam.
  void begin_loop(int loop);

  // Returns false if a stop was requested while waiting.
  bool process(std::string_view line, std::string_view source, uint64_t number);

  uint64_t emitted() const { return emitted_; }

 private:
  ReplayOptions options_;
  Pacer* pacer_;
  OutputWriter* out_;
  Diagnostics* diagnostics_;
  JsonLineParser parser_;
  PlausibleTime plausible_time_;
  struct StreamSpan {
    int64_t first_ns;
    int64_t last_ns;
    uint64_t events;
  };
  void note_first_pass(JsonDocument& doc, int64_t ns);

  std::unordered_map<std::string, StreamSpan> streams_;  // of the first pass, when looping
  int64_t resolution_ns_ = 1000000000;  // of the first pass's times: 1 s, ms, us or ns
  int loop_ = 0;
  bool have_first_ = false;
  int64_t first_ns_ = 0;
  int64_t last_ns_ = 0;  // of the first pass
  uint64_t timed_in_first_ = 0;
  int64_t loop_shift_ns_ = 0;
  uint64_t emitted_ = 0;
};

}  // namespace rivulet
