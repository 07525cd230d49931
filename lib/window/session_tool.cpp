#include "window/session_tool.hpp"

#include "error.hpp"
#include "window/session_fields.hpp"
#include "window/window_spec.hpp"

namespace rivulet {

namespace {

// Passes each event's --keep values on to the engine with its time and key.
class SessionWindows : public EventWindows {
 public:
  SessionWindows(int64_t gap_ns, int64_t lateness_ns, const SessionFields* fields, SessionSink sink)
      : fields_(fields), engine_(gap_ns, lateness_ns, std::move(sink)) {}

  bool accepts(int64_t time_ns) const override { return engine_.accepts(time_ns); }
  Placement add(int64_t time_ns, std::string_view key) override {
    return engine_.add(time_ns, key, fields_->values());
  }
  Placement add_unless_stored(int64_t time_ns, std::string_view key,
                              int64_t stored_through_ns) override {
    return engine_.add(time_ns, key, fields_->values(), stored_through_ns);
  }
  int64_t last_window_end(int64_t time_ns) const override {
    return engine_.last_window_end(time_ns);
  }
  std::optional<int64_t> closed_through() const override { return engine_.closed_through(); }
  int64_t next_close_watermark() const override { return engine_.next_close_watermark(); }
  void set_segment(uint64_t segment) override { engine_.set_segment(segment); }
  bool open_segments(
      const std::function<void(std::string_view key, uint64_t segment)>& fn) const override {
    return engine_.open_segments(fn);
  }
  void advance(int64_t watermark_ns) override { engine_.advance(watermark_ns); }
  void close_all() override { engine_.close_all(); }
  std::string progress() const override { return engine_.progress(); }

 private:
  const SessionFields* fields_;
  SessionEngine engine_;
};

}  // namespace

int run_session_tool(const std::string& tool, const WindowToolOptions& options, int64_t gap_ns,
                     std::vector<FieldPath> keep, const Clock* clock) {
  if (gap_ns <= 0) throw UsageError("--gap must be longer than 0");
  if (gap_ns > kMaxWindowNs) throw UsageError("--gap must not be longer than 10000d");
  SessionFields fields(std::move(keep), options.time.unit);
  // --checkpoint: sessions are kept per source partition and assignment (CheckpointKeys).
  CheckpointKeys checkpoint_keys;
  CheckpointKeys* keys = options.checkpoint.empty() ? nullptr : &checkpoint_keys;
  auto make_windows = [&](const GroupKey& key, OutputWriter* out) {
    return std::make_unique<SessionWindows>(
        gap_ns, options.lateness_ns, &fields,
        [&fields, &key, out, keys](std::string_view k, const Session& session) {
          if (keys != nullptr && !keys->result_key(k, &k)) return;
          fields.write(out->buffer(), key, k, session);
          out->end_record();
        });
  };
  return run_event_windows(tool, options, &fields, {"ts", "session_end"}, make_windows, clock,
                           &checkpoint_keys);
}

}  // namespace rivulet
