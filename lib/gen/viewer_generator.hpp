#pragma once
// Viewer events (rivulet(7), "Viewer event"): viewers join a stream, send a beat every second
// and leave. They leave more often while their stream's bitrate is low or its resolution
// has just switched down, so a dashboard can show when and why viewers drop off.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "gen/random.hpp"
#include "gen/stream_set.hpp"

namespace rivulet {

// The hazard model, exposed for tests: the chance per second that a viewer leaves.
struct DropOffModel {
  double base_per_second = 1.0 / 900;  // ~15 minutes on a healthy stream
  double reference_kbps = 2800;        // 720p: below it, watching gets less pleasant
  double downswitch_factor = 4;        // within 10 s after a switch down
  double dip_factor = 3;               // while the network starves the stream

  double leave_probability(double kbps, double seconds_since_downswitch, bool in_dip) const;
};

class ViewerGenerator {
 public:
  // Keeps about `viewers` viewers watching, spread over the streams (some more popular).
  ViewerGenerator(const GeneratorOptions& options, int viewers);

  // Appends the next viewer event as one NDJSON line; returns its time in ns.
  int64_t next(std::string& out);
  int64_t peek_time_ns();

 private:
  enum class Kind : uint8_t { kJoin, kBeat, kLeave };
  struct Event {
    int64_t ts_ns;
    int64_t viewer;
    int stream;
    Kind kind;
    int64_t kbps_tenths;
  };
  struct Viewer {
    int64_t id;
    int stream;
    int64_t phase_ns;  // offset of its beats within each second
  };

  void simulate_second();
  int pick_stream();

  GeneratorOptions options_;
  DropOffModel model_;
  int target_;
  Random rng_;
  std::vector<StreamState> streams_;
  std::vector<double> popularity_;  // cumulative weights
  std::vector<Viewer> active_;
  std::vector<Viewer> joining_;  // scheduled to join in the first seconds
  std::vector<int64_t> join_second_;
  int64_t next_id_ = 1;
  int64_t second_ = 0;
  std::deque<Event> queue_;
};

}  // namespace rivulet
