#include "influx/batch.hpp"

namespace rivulet {

void Batch::end_point(const std::string& source, uint64_t line, std::string_view original) {
  text_ += '\n';
  ends_.push_back(text_.size());
  if (sources_.empty() || sources_.back() != source) sources_.push_back(source);
  originals_.append(original.data(), original.size());
  origins_.push_back(Origin{static_cast<uint32_t>(sources_.size() - 1), line, originals_.size()});
}

void Batch::clear() {
  text_.clear();
  compressed_.clear();
  ends_.clear();
  originals_.clear();
  origins_.clear();
  sources_.clear();
  started_ns_ = 0;
}

void Batch::swap(Batch& other) noexcept {
  text_.swap(other.text_);
  compressed_.swap(other.compressed_);
  ends_.swap(other.ends_);
  originals_.swap(other.originals_);
  origins_.swap(other.origins_);
  sources_.swap(other.sources_);
  std::swap(precision_, other.precision_);
  std::swap(rescalable_, other.rescalable_);
  std::swap(started_ns_, other.started_ns_);
}

std::string_view Batch::lines(size_t lo, size_t hi) const {
  if (lo >= hi) return {};
  size_t begin = lo == 0 ? 0 : ends_[lo - 1];
  return std::string_view(text_).substr(begin, ends_[hi - 1] - begin);
}

std::string_view Batch::original(size_t i) const {
  size_t begin = i == 0 ? 0 : origins_[i - 1].original_end;
  return std::string_view(originals_).substr(begin, origins_[i].original_end - begin);
}

void Batch::append_spill_lines(size_t lo, size_t hi, std::string* out) const {
  if (!rescalable_ || precision_ == TimeUnit::kNanos) {
    std::string_view all = lines(lo, hi);
    out->append(all.data(), all.size());
    return;
  }
  const char* zeros = precision_ == TimeUnit::kSeconds  ? "000000000"
                      : precision_ == TimeUnit::kMillis ? "000000"
                                                        : "000";
  for (size_t i = lo; i < hi; ++i) {
    std::string_view l = line(i);
    out->append(l.data(), l.size() - 1);
    *out += zeros;
    *out += '\n';
  }
}

}  // namespace rivulet
