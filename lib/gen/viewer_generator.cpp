#include "gen/viewer_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "json/json_writer.hpp"

namespace rivulet {

namespace {

constexpr int64_t kSecond = 1000000000LL;
constexpr int64_t kRampUpSeconds = 10;  // the first viewers arrive over this many seconds

void append_int(std::string& out, int64_t v) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

}  // namespace

double DropOffModel::leave_probability(double kbps, double seconds_since_downswitch,
                                       bool in_dip) const {
  double quality = std::clamp(reference_kbps / std::max(kbps, 1.0), 0.5, 8.0);
  double p = base_per_second * std::pow(quality, 1.5);
  if (seconds_since_downswitch < 10) p *= downswitch_factor;
  if (in_dip) p *= dip_factor;
  return std::min(p, 0.5);
}

ViewerGenerator::ViewerGenerator(const GeneratorOptions& options, int viewers)
    : options_(options),
      target_(viewers),
      rng_(options.seed ^ 0x71E3E75ULL),
      streams_(make_streams(options)) {
  double total = 0;
  for (size_t i = 0; i < streams_.size(); ++i) {
    total += 1.0 / std::sqrt(static_cast<double>(i + 1));  // cam-1 the most popular
    popularity_.push_back(total);
  }
  for (double& w : popularity_) w /= total;
  for (int i = 0; i < viewers; ++i) {
    joining_.push_back(
        Viewer{next_id_++, pick_stream(), static_cast<int64_t>(rng_.below(kSecond))});
    join_second_.push_back(static_cast<int64_t>(rng_.below(kRampUpSeconds)));
  }
}

int ViewerGenerator::pick_stream() {
  double u = rng_.uniform();
  for (size_t i = 0; i < popularity_.size(); ++i) {
    if (u < popularity_[i]) return static_cast<int>(i);
  }
  return static_cast<int>(popularity_.size()) - 1;
}

void ViewerGenerator::simulate_second() {
  const int64_t base = options_.start_ns + second_ * kSecond;
  // Run each stream's encoder for one second; viewers see its average bitrate.
  std::vector<int64_t> kbps_tenths(streams_.size());
  int frames = std::max(1, static_cast<int>(std::lround(options_.fps)));
  for (size_t s = 0; s < streams_.size(); ++s) {
    double bytes = 0;
    for (int f = 0; f < frames; ++f) bytes += static_cast<double>(streams_[s].model.next().bytes);
    kbps_tenths[s] = std::llround(bytes * 8 * options_.fps / frames / 100);
  }

  std::vector<Event> events;
  // Viewers already watching send a beat, or leave.
  std::vector<Viewer> staying;
  staying.reserve(active_.size());
  for (const Viewer& v : active_) {
    const BitrateModel& m = streams_[static_cast<size_t>(v.stream)].model;
    double p = model_.leave_probability(
        static_cast<double>(kbps_tenths[static_cast<size_t>(v.stream)]) / 10,
        m.seconds_since_downswitch(), m.in_dip());
    Kind kind = rng_.chance(p) ? Kind::kLeave : Kind::kBeat;
    events.push_back(
        {base + v.phase_ns, v.id, v.stream, kind, kbps_tenths[static_cast<size_t>(v.stream)]});
    if (kind == Kind::kBeat) staying.push_back(v);
  }
  active_.swap(staying);

  // The first viewers arrive during the ramp-up; later, people who left are replaced.
  std::vector<Viewer> arriving;
  for (size_t i = 0; i < joining_.size();) {
    if (join_second_[i] == second_) {
      arriving.push_back(joining_[i]);
      joining_[i] = joining_.back();
      joining_.pop_back();
      join_second_[i] = join_second_.back();
      join_second_.pop_back();
    } else {
      ++i;
    }
  }
  if (second_ >= kRampUpSeconds) {
    double missing =
        std::max(0.0, static_cast<double>(target_) - static_cast<double>(active_.size()));
    int joins = rng_.poisson(missing * 0.05 + target_ * 0.0005);
    for (int j = 0; j < joins; ++j) {
      arriving.push_back(
          Viewer{next_id_++, pick_stream(), static_cast<int64_t>(rng_.below(kSecond))});
    }
  }
  for (const Viewer& v : arriving) {
    events.push_back({base + v.phase_ns, v.id, v.stream, Kind::kJoin,
                      kbps_tenths[static_cast<size_t>(v.stream)]});
    active_.push_back(v);
  }

  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.ts_ns != b.ts_ns ? a.ts_ns < b.ts_ns : a.viewer < b.viewer;
  });
  queue_.insert(queue_.end(), events.begin(), events.end());
  ++second_;
}

int64_t ViewerGenerator::peek_time_ns() {
  // A second may pass with nobody watching; bound the search so zero viewers cannot spin.
  for (int i = 0; queue_.empty() && i < 1000000; ++i) simulate_second();
  return queue_.empty() ? options_.start_ns + second_ * kSecond : queue_.front().ts_ns;
}

int64_t ViewerGenerator::next(std::string& out) {
  peek_time_ns();
  if (queue_.empty()) return options_.start_ns + second_ * kSecond;
  Event e = queue_.front();
  queue_.pop_front();
  static const char* const kNames[] = {"join", "beat", "leave"};
  out += "{\"ts\":";
  append_int(out, e.ts_ns >= 0 ? e.ts_ns / 1000000 : -((-e.ts_ns + 999999) / 1000000));
  out += ",\"stream\":";
  append_json_string(out, streams_[static_cast<size_t>(e.stream)].name);
  out += ",\"viewer\":\"";
  fmt::format_to(std::back_inserter(out), "v-{:04}", static_cast<long long>(e.viewer));
  out += "\",\"event\":\"";
  out += kNames[static_cast<int>(e.kind)];
  out += "\",\"bitrate_kbps\":";
  append_tenths(out, e.kbps_tenths);
  out += "}\n";
  return e.ts_ns;
}

}  // namespace rivulet
