#include "io/diagnostics.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

#include "error.hpp"
#include "io/signals.hpp"

namespace rivulet {

Diagnostics::Diagnostics(std::string tool, std::FILE* err, const Clock* clock)
    : tool_(std::move(tool)), err_(err), clock_(clock ? clock : &system_clock()) {}

Diagnostics::~Diagnostics() {
  if (reject_ != nullptr) std::fclose(reject_);
}

void Diagnostics::set_reject_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) throw Error(path + ": cannot open reject file: " + std::strerror(errno));
  if (reject_ != nullptr) std::fclose(reject_);
  reject_ = f;
  reject_path_ = path;
}

void Diagnostics::report(std::string_view source, uint64_t line, std::string_view message) {
  int64_t now = clock_->now_ns();
  bool show = shown_ < static_cast<uint64_t>(kBurst) || now - last_shown_ns_ >= 1000000000LL;
  if (!show) {
    ++suppressed_;
    return;
  }
  ++shown_;
  last_shown_ns_ = now;
  std::string text = fmt::format("{}: {}:{}: {}", tool_, source, line, message);
  if (suppressed_ > 0) {
    text += fmt::format(" ({} similar messages not shown)", suppressed_);
    suppressed_ = 0;
  }
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), err_);
  std::fflush(err_);
}

void Diagnostics::bad_line(std::string_view source, uint64_t line, std::string_view message,
                           std::string_view text) {
  ++bad_lines_;
  report(source, line, message);
  keep_rejected(text);
}

void Diagnostics::report_undelivered(std::string_view source, uint64_t line,
                                     std::string_view message, std::string_view text) {
  ++undelivered_;
  report(source, line, message);
  keep_rejected(text);
}

void Diagnostics::keep_rejected(std::string_view text) {
  if (reject_ != nullptr) {
    std::fwrite(text.data(), 1, text.size(), reject_);
    std::fputc('\n', reject_);
  }
}

void Diagnostics::warn_line(std::string_view source, uint64_t line, std::string_view message) {
  ++warnings_;
  report(source, line, message);
}

void Diagnostics::error(std::string_view message) {
  std::string text = fmt::format("{}: {}\n", tool_, message);
  std::fwrite(text.data(), 1, text.size(), err_);
  std::fflush(err_);
}

void Diagnostics::write_line(std::string_view line) {
  std::fwrite(line.data(), 1, line.size(), err_);
  std::fputc('\n', err_);
  std::fflush(err_);
}

void Diagnostics::finish() {
  if (suppressed_ > 0) {
    std::string counts;
    if (bad_lines_ > 0 || undelivered_ == 0) counts = fmt::format("{} bad lines", bad_lines_);
    if (undelivered_ > 0) {
      counts += fmt::format("{}{} undelivered", counts.empty() ? "" : ", ", undelivered_);
    }
    std::string text =
        fmt::format("{}: {} more messages not shown ({} in all)\n", tool_, suppressed_, counts);
    std::fputs(text.c_str(), err_);
    suppressed_ = 0;
    std::fflush(err_);
  }
  if (reject_ != nullptr) {
    bool failed = std::fflush(reject_) != 0 || std::ferror(reject_);
    if (failed) throw Error(reject_path_ + ": cannot write reject file");
  }
}

}  // namespace rivulet
