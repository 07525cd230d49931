#include "replay/replayer.hpp"

namespace rivulet {

Replayer::Replayer(ReplayOptions options, Pacer* pacer, OutputWriter* out,
                   Diagnostics* diagnostics)
    : options_(std::move(options)), pacer_(pacer), out_(out), diagnostics_(diagnostics) {}

void Replayer::begin_loop(int loop) {
  loop_ = loop;
  if (loop == 0 || !have_first_) return;
  int64_t span = last_ns_ - first_ns_;
  int64_t gap = timed_in_first_ > 1 ? span / static_cast<int64_t>(timed_in_first_ - 1) : 0;
  loop_shift_ns_ = static_cast<int64_t>(loop) * (span + gap);
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
