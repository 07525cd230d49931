#include "view/live_view.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "error.hpp"
#include "io/diagnostics.hpp"
#include "io/exit_status.hpp"
#include "io/line_reader.hpp"
#include "io/output_writer.hpp"
#include "io/signals.hpp"
#include "json/json_writer.hpp"
#include "view/ansi_screen.hpp"
#include "view/live_page.hpp"
#include "view/live_server.hpp"
#include "view/plain_summary.hpp"
#include "view/png_export.hpp"
#include "view/sample_reader.hpp"
#include "view/series_store.hpp"
#include "view/svg_view.hpp"
#include "view/terminal_session.hpp"
#include "view/terminal_view.hpp"

namespace rivulet {

namespace {

constexpr int64_t kMillisecond = 1000000;
// Browsers and proxies drop a silent event stream; a comment keeps it alive.
constexpr int64_t kKeepAliveNs = 15LL * 1000000000;
// How long the server keeps trying to hand the last frame to browsers before exiting.
constexpr int64_t kDrainNs = 1000LL * kMillisecond;
constexpr int64_t kRepaintNs = 5000LL * kMillisecond;

// What the reader thread and the main thread share; every member under `mutex`.
struct Shared {
  Shared(const LiveViewOptions& o) : store(o.spec.metric_count(), o.spec.span_ns, o.max_keys) {}
  std::mutex mutex;
  SeriesStore store;
  ViewStatus status;
  bool reader_failed = false;  // the reader ended on an error it will rethrow
};

// The reader thread: input lines into the store. Diagnostics belong to this thread until
// it is joined.
class Reader {
 public:
  Reader(const LiveViewOptions& options, Shared* shared, Diagnostics* diagnostics, int wake_fd)
      : options_(options),
        shared_(shared),
        diagnostics_(diagnostics),
        wake_fd_(wake_fd),
        samples_(options.spec, options.time.reader()) {}

  void run() {
    try {
      InputChain input(options_.inputs);
      Line line;
      while (!diagnostics_->should_stop()) {
        ReadStatus status = input.next(&line);
        if (status != ReadStatus::kLine) break;
        handle(input.source(), line);
        if (stop_requested()) break;
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    {
      std::lock_guard<std::mutex> lock(shared_->mutex);
      shared_->status.input_ended = true;
      shared_->reader_failed = error_ != nullptr;
    }
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(wake_fd_, &byte, 1);
  }

  // Rethrows what ended the thread with an error, if anything.
  void rethrow() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void handle(const std::string& source, const Line& line) {
    SampleStatus status = samples_.read(line.text, &sample_, &err_);
    if (status == SampleStatus::kBad) {
      diagnostics_->bad_line(source, line.number, err_, line.text);
    } else if (status == SampleStatus::kNoValues && !warned_no_values_) {
      // Said once: mixed inputs (several tools' results) legitimately lack some metrics.
      warned_no_values_ = true;
      diagnostics_->warn_line(source, line.number,
                              "none of the --field/--counter fields in this line (reported once)");
    }
    std::string label;
    int key = -1;
    {
      std::lock_guard<std::mutex> lock(shared_->mutex);
      ++shared_->status.lines;
      shared_->status.bad_lines = diagnostics_->bad_lines();
      // A line without the metrics still tells the time (another tool's results, a beat).
      if (status == SampleStatus::kNoValues) shared_->store.observe_time(sample_.edge_ns);
      if (status != SampleStatus::kOk) return;
      key = shared_->store.find_key(sample_.raw_key);
      if (key < 0) key = shared_->store.key_index(sample_.raw_key, key_label(sample_.raw_key));
      if (key < 0) {
        ++shared_->status.hidden_keys;
      } else {
        for (const MetricValue& v : sample_.values) {
          shared_->store.add(v.metric, static_cast<size_t>(key), sample_.time_ns, v.value);
        }
        shared_->store.observe_time(sample_.edge_ns);
      }
    }
    if (key < 0 && !warned_keys_) {
      warned_keys_ = true;
      diagnostics_->warn_line(source, line.number,
                              fmt::format("more than {} keys (--max-keys): key {} and later new "
                                          "keys are not shown",
                                          options_.max_keys, key_label(sample_.raw_key)));
    }
  }

  const LiveViewOptions& options_;
  Shared* shared_;
  Diagnostics* diagnostics_;
  int wake_fd_;
  SampleReader samples_;
  ViewSample sample_;
  std::string err_;
  bool warned_no_values_ = false;
  bool warned_keys_ = false;
  std::exception_ptr error_;
};

bool reads_stdin(const std::vector<std::string>& inputs) {
  return inputs.empty() || std::find(inputs.begin(), inputs.end(), "-") != inputs.end();
}

std::string status_text(const ViewStatus& s, size_t keys) {
  std::string text = fmt::format("{} lines, {} keys", s.lines, keys);
  if (s.bad_lines > 0) text += fmt::format(", {} bad", s.bad_lines);
  text += s.input_ended ? ", input ended" : ", reading";
  return text;
}

class LiveRun {
 public:
  LiveRun(const std::string& tool, const LiveViewOptions& options)
      : options_(options), shared_(options) {
    display_ = options.display;
    if (display_ == Display::kAuto) display_ = isatty(1) ? Display::kTerminal : Display::kPlain;
    if (display_ == Display::kTerminal && isatty(0) && reads_stdin(options.inputs)) {
      // The keys would go to the view and to the data alike.
      throw UsageError("standard input is the terminal: pipe the data in, or name files");
    }
    if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw Error("cannot create a pipe");
    // Messages written to the terminal under the full-screen view would be lost with it:
    // they are kept and shown once the terminal is restored.
    if (display_ == Display::kTerminal && isatty(2)) {
      held_messages_ = std::tmpfile();
      if (held_messages_ != nullptr) {
        diagnostics_ = std::make_unique<Diagnostics>(tool, held_messages_);
      }
    }
    if (!diagnostics_) diagnostics_ = std::make_unique<Diagnostics>(tool);
    apply_bad_input_options(options.bad_input, diagnostics_.get());
    if (!options.serve.empty()) {
      LiveContent content;
      content.page = live_page_html();
      content.svg = [this] {
        std::lock_guard<std::mutex> lock(shared_.mutex);
        return render_svg(shared_.store, options_.spec);
      };
      content.current = [this] { return frame_event(); };
      server_ = std::make_unique<LiveServer>(options.serve, std::move(content));
      shared_.status.url = server_->url();
    }
  }

  ~LiveRun() {
    close(wake_[0]);
    close(wake_[1]);
    if (held_messages_ != nullptr) std::fclose(held_messages_);
  }

  int run() {
    if (server_ && display_ != Display::kTerminal) diagnostics_->info("serving " + server_->url());
    Reader reader(options_, &shared_, diagnostics_.get(), wake_[1]);
    std::thread thread([&reader] { reader.run(); });
    try {
      if (display_ == Display::kTerminal) terminal_ = std::make_unique<TerminalSession>(1);
      loop();
    } catch (...) {
      terminal_.reset();
      stop_reader();
      thread.join();
      show_held_messages();
      throw;
    }
    terminal_.reset();
    stop_reader();
    thread.join();
    show_held_messages();
    reader.rethrow();
    // An interrupt ends the run before the end of input: the snapshot shows what was read.
    finish_outputs();
    diagnostics_->finish();
    show_held_messages();  // what finish() added
    return diagnostics_->bad_lines() > 0 ? kExitDataError : kExitOk;
  }

 private:
  void loop() {
    int64_t next_tick = monotonic_now_ns();
    int64_t next_summary = next_tick + options_.interval_ns;
    std::vector<pollfd> fds;
    for (;;) {
      fds.clear();
      fds.push_back(pollfd{wake_[0], POLLIN, 0});
      fds.push_back(pollfd{stop_fd(), POLLIN, 0});
      if (terminal_) {
        fds.push_back(pollfd{terminal_->key_fd(), POLLIN, 0});
        fds.push_back(pollfd{terminal_->event_fd(), POLLIN, 0});
      }
      size_t server_at = fds.size();
      if (server_) server_->add_poll_fds(&fds);
      int64_t wait_ms = std::max<int64_t>(0, (next_tick - monotonic_now_ns()) / kMillisecond);
      int ready = poll(fds.data(), fds.size(), static_cast<int>(std::min<int64_t>(wait_ms, 1000)));
      if (ready < 0 && errno != EINTR) throw Error("poll failed");
      if (stop_requested()) return;
      if (fds[0].revents != 0) {
        char buf[64];
        while (read(wake_[0], buf, sizeof buf) > 0) {
        }
      }
      if (terminal_) {
        if (fds[2].revents != 0) {
          Keys keys = terminal_->read_keys();
          if (keys.quit) return;
          if (keys.redraw) {
            screen_.repaint();
            next_tick = monotonic_now_ns();
          }
        }
        if (fds[3].revents != 0) {
          TerminalSession::Events events = terminal_->take_events();
          if (events.resized || events.resumed) {
            screen_.invalidate();
            next_tick = monotonic_now_ns();
          }
        }
      }
      if (server_) server_->handle(fds.data() + server_at, fds.size() - server_at);

      bool ended, failed;
      {
        std::lock_guard<std::mutex> lock(shared_.mutex);
        ended = shared_.status.input_ended;
        failed = shared_.reader_failed;
      }
      if (failed) return;
      int64_t now = monotonic_now_ns();
      if (now >= next_tick || (ended && !end_handled_)) {
        next_tick = now + options_.refresh_ns;
        tick(now, &next_summary);
      }
      if (ended && !end_handled_) {
        end_handled_ = true;
        finish_outputs();
        // The terminal view keeps the last picture until q; the others are done.
        if (!terminal_) return;
      }
    }
  }

  void tick(int64_t now, int64_t* next_summary) {
    std::unique_lock<std::mutex> lock(shared_.mutex);
    shared_.store.trim();
    uint64_t version = shared_.store.version() + shared_.status.lines;
    if (terminal_) {
      // Other programs of the pipeline may write to the same terminal: every few seconds
      // every row is painted again, so what they wrote never stays over the view.
      if (now >= next_repaint_ns_) {
        screen_.repaint();
        next_repaint_ns_ = now + kRepaintNs;
      }
      int w, h;
      terminal_->size(&w, &h);
      CellCanvas frame = draw_terminal_view(shared_.store, options_.spec, shared_.status, w, h);
      lock.unlock();
      std::string out;
      screen_.render(frame, &out);
      if (!out.empty()) terminal_->write(out);
      lock.lock();
    }
    if (server_ && (version != sent_version_ || now - last_sent_ns_ >= kKeepAliveNs)) {
      std::string event = version != sent_version_ ? frame_event_locked() : ": keep-alive\n\n";
      sent_version_ = version;
      last_sent_ns_ = now;
      lock.unlock();
      server_->broadcast(event);
      lock.lock();
    }
    if (display_ == Display::kPlain && !shared_.status.input_ended && now >= *next_summary) {
      *next_summary = now + options_.interval_ns;
      if (shared_.store.version() != summary_version_) {
        summary_version_ = shared_.store.version();
        std::string text;
        append_plain_summary(shared_.store, options_.spec, shared_.status.lines, &text);
        lock.unlock();
        out_.write(text);
        out_.flush();
      }
    }
  }

  std::string frame_event() {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    return frame_event_locked();
  }

  std::string frame_event_locked() {
    SvgOptions svg;
    svg.background = "#ffffff";
    std::string data;
    JsonObjectWriter json(data);
    json.key("svg").string(render_svg(shared_.store, options_.spec, svg));
    json.key("status").string(status_text(shared_.status, shared_.store.key_count()));
    json.close(false);
    return sse_event("frame", data);
  }

  // The end of the run: the snapshot files, the last summary, the browsers told.
  void finish_outputs() {
    if (outputs_finished_) return;
    outputs_finished_ = true;
    std::string svg, summary, last_event;
    {
      std::lock_guard<std::mutex> lock(shared_.mutex);
      shared_.store.trim();
      if (!options_.svg_path.empty() || !options_.png_path.empty()) {
        svg = render_svg(shared_.store, options_.spec);
      }
      if (display_ == Display::kPlain) {
        append_plain_summary(shared_.store, options_.spec, shared_.status.lines, &summary);
      }
      if (server_) {
        last_event = frame_event_locked();
        std::string data;
        JsonObjectWriter json(data);
        json.key("status").string(status_text(shared_.status, shared_.store.key_count()));
        json.close(false);
        last_event += sse_event("end", data);
      }
    }
    if (!options_.svg_path.empty()) write_text_file(options_.svg_path, svg);
    if (!options_.png_path.empty()) write_png(svg, options_.png_path);
    if (!summary.empty()) {
      out_.write(summary);
      out_.flush();
    }
    if (server_) {
      server_->finish(last_event);
      drain_server();
    }
  }

  // Gives browsers a moment to take the last frame; never longer than kDrainNs.
  void drain_server() {
    int64_t deadline = monotonic_now_ns() + kDrainNs;
    std::vector<pollfd> fds;
    while (!server_->drained() && monotonic_now_ns() < deadline) {
      fds.clear();
      server_->add_poll_fds(&fds);
      poll(fds.data(), fds.size(), 50);
      server_->handle(fds.data(), fds.size());
    }
  }

  // Wakes the reader if it still waits for input (q pressed, or an error here).
  void stop_reader() {
    std::lock_guard<std::mutex> lock(shared_.mutex);
    if (!shared_.status.input_ended) request_stop();
  }

  // Copies the held messages to stderr and empties the file, which Diagnostics keeps using.
  void show_held_messages() {
    if (held_messages_ == nullptr) return;
    std::fflush(held_messages_);
    std::rewind(held_messages_);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, held_messages_)) > 0) std::fwrite(buf, 1, n, stderr);
    std::rewind(held_messages_);
    if (ftruncate(fileno(held_messages_), 0) != 0) std::clearerr(held_messages_);
  }

  const LiveViewOptions& options_;
  Display display_;
  Shared shared_;
  std::unique_ptr<Diagnostics> diagnostics_;
  std::FILE* held_messages_ = nullptr;
  int wake_[2] = {-1, -1};
  std::unique_ptr<LiveServer> server_;
  std::unique_ptr<TerminalSession> terminal_;
  AnsiScreen screen_;
  OutputWriter out_{1};
  uint64_t sent_version_ = ~uint64_t{0};
  int64_t last_sent_ns_ = 0;
  int64_t next_repaint_ns_ = 0;
  uint64_t summary_version_ = 0;
  bool end_handled_ = false;
  bool outputs_finished_ = false;
};

}  // namespace

void check_live_view_options(const LiveViewOptions& o) {
  if (o.spec.metric_count() == 0) throw UsageError("give at least one --field or --counter");
  if (o.spec.span_ns <= 0) throw UsageError("--span must be positive");
  if (o.refresh_ns < 10 * kMillisecond) throw UsageError("--refresh must be at least 10ms");
  if (o.interval_ns <= 0) throw UsageError("--interval must be positive");
  if (o.max_keys == 0) throw UsageError("--max-keys must be at least 1");
  if (!o.png_path.empty() && !png_converter_available()) {
    throw UsageError(std::string("--png needs ") + kPngConverter +
                     " on PATH (Debian package librsvg2-bin)");
  }
}

int run_live_view(const std::string& tool, const LiveViewOptions& options) {
  check_live_view_options(options);
  LiveRun run(tool, options);
  return run.run();
}

}  // namespace rivulet
