#include "cli/window_options.hpp"

namespace rivulet {

void add_window_options(ToolCli* cli, WindowToolOptions* o, bool fixed_windows) {
  CLI::App& app = cli->app();
  cli->add_inputs(&o->inputs);
  app.add_option("--by", o->by,
                 "Group by these comma-separated fields (missing fields group as null)")
      ->type_name("F[,F...]");
  app.add_option("-w,--where", o->where,
                 "Only take events where FIELD=VALUE (or !=, <, <=, >, >=); repeatable or "
                 "comma-separated, all must hold")
      ->type_name("COND");
  if (fixed_windows) {
    cli->add_duration("--window", &o->window_ns, "Window length, aligned to the epoch");
    cli->add_duration("--hop", &o->hop_ns,
                      "Start a window every DURATION (hopping windows; 0: tumbling)");
  }
  cli->add_duration("--lateness", &o->lateness_ns,
                    "Keep a window open this long past its end for out-of-order events");
  cli->add_duration("--idle", &o->idle_ns,
                    "After this much wall-clock silence, let event time follow the wall "
                    "clock (0: never)");
  app.add_option("--late", o->late_path,
                 "Keep late events (their window had closed) verbatim in FILE")
      ->type_name("FILE");
  app.add_option("--checkpoint", o->checkpoint,
                 "Effectively-once between ksub --checkpoint and influx-write --checkpoint: "
                 "answer checkpoint markers with what may be committed, write open windows "
                 "only at the end of input (see DELIVERY)")
      ->type_name("DIR")
      ->check(directory_created());
  cli->add_time_options(&o->time);
  cli->add_bad_input_options(&o->bad_input);
  cli->add_line_buffered(&o->line_buffered);
  cli->add_stats(&o->stats);
}

}  // namespace rivulet
