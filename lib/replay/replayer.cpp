#include "replay/replayer.hpp"

#include <algorithm>

namespace rivulet {

Replayer::Replayer(ReplayOptions options, Pacer* pacer, OutputWriter* out, Diagnostics* diagnostics)
    : options_(std::move(options)), pacer_(pacer), out_(out), diagnostics_(diagnostics) {}

void Replayer::begin_loop(int loop) {
  loop_ = loop;
  if (loop == 0 || !have_first_) return;
  int64_t span = last_ns_ - first_ns_;
  int64_t gap = timed_in_first_ > 1 ? span / static_cast<int64_t>(timed_in_first_ - 1) : 0;
  int64_t period = span + gap;
  if (!streams_.empty()) {
    period = span + 1;  // the next pass starts after this one ends
    for (const auto& [key, s] : streams_) {
      int64_t own =
          s.events > 1 ? (s.last_ns - s.first_ns) / static_cast<int64_t>(s.events - 1) : gap;
      period = std::max(period, s.last_ns - s.first_ns + own);
    }
    // Captured times are rounded down to their resolution (a 30 fps stream's last frame at
    // 19966.67 ms is written 19966), which makes the period look short by up to one unit:
    // round it up to that resolution, so no window gets a frame too many.
    period = (period + resolution_ns_ - 1) / resolution_ns_ * resolution_ns_;
  }
  loop_shift_ns_ = static_cast<int64_t>(loop) * period;
}

void Replayer::note_first_pass(JsonDocument& doc, int64_t ns) {
  std::string_view key;
  std::string err;
  if (get_raw_json(doc, options_.stream_field, &key, &err) != FieldStatus::kOk) key = {};
  auto [it, inserted] = streams_.try_emplace(std::string(key), StreamSpan{ns, ns, 0});
  while (resolution_ns_ > 1 && ns % resolution_ns_ != 0) resolution_ns_ /= 1000;
  StreamSpan& s = it->second;
  s.first_ns = std::min(s.first_ns, ns);
  s.last_ns = std::max(s.last_ns, ns);
  ++s.events;
}

bool Replayer::process(std::string_view line, std::string_view source, uint64_t number) {
  std::string err;
  JsonDocument doc;
  if (!parser_.parse(line, &doc, &err)) {
    diagnostics_->bad_line(source, number, err, line);
    return true;
  }
  int64_t ns;
  EventTimeReader::Token token;
  if (options_.time.read(doc, &ns, &err, &token) != FieldStatus::kOk) {
    diagnostics_->warn_line(source, number, err + "; passed through without waiting");
    out_->write(line);
    out_->write("\n");
    out_->end_record();
    ++emitted_;
    return true;
  }
  if (std::string odd = plausible_time_.check(ns); !odd.empty()) {
    diagnostics_->warn_line(source, number, odd);
  }
  if (!have_first_) {
    have_first_ = true;
    first_ns_ = last_ns_ = ns;
  }
  if (loop_ == 0) {
    if (ns > last_ns_) last_ns_ = ns;
    ++timed_in_first_;
    if (options_.looping) note_first_pass(doc, ns);
  }
  int64_t t = ns + loop_shift_ns_;
  if (!pacer_->wait(t)) return false;

  if (options_.retime || loop_shift_ns_ != 0) {
    int64_t shift = options_.retime ? options_.retime_to_ns - first_ns_ : 0;
    // Splice the new time into the line where the old one stood.
    size_t at = static_cast<size_t>(token.raw.data() - line.data());
    std::string& buf = out_->buffer();
    buf.append(line.data(), at);
    EventTimeReader::append_like(buf, t + shift, token);
    std::string_view rest = line.substr(at + token.raw.size());
    buf.append(rest.data(), rest.size());
    buf += '\n';
  } else {
    out_->write(line);
    out_->write("\n");
  }
  out_->end_record();
  ++emitted_;
  return true;
}

}  // namespace rivulet
