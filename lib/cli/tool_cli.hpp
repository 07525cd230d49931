#pragma once
// The command-line frame every tool shares: CLI11 set up with the common options,
// usage errors as exit 2 with a hint, --version, examples in --help.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/diagnostics.hpp"
#include "io/input_options.hpp"
#include "io/output_writer.hpp"
#include "io/stats_ticker.hpp"

namespace rivulet {

class ToolCli {
 public:
  // `examples` is shown under "Examples:" at the end of --help, one command a line.
  ToolCli(std::string name, std::string summary, std::string examples);

  CLI::App& app() { return app_; }
  const std::string& name() const { return name_; }

  // FILE... positional inputs ("-" is stdin; none means stdin).
  void add_inputs(std::vector<std::string>* paths);
  // --reject FILE, --strict
  void add_bad_input_options(BadInputOptions* options);
  // --line-buffered
  void add_line_buffered(bool* line_buffered);
  // --time-field F, --time-unit auto|s|ms|us|ns
  void add_time_options(TimeOptions* options);
  // --stats (a text line every second and at exit) and --stats=ndjson (the same as NDJSON).
  void add_stats(StatsFormat* format);
  // The plain flag, for tools not yet on StatsTicker.
  void add_stats(bool* stats);
  // A duration option ("10s", "250ms") stored as nanoseconds.
  CLI::Option* add_duration(const std::string& name, int64_t* ns, const std::string& help);

  // Parses argv. Every repeatable option takes one value per occurrence ("--field a FILE"
  // reads FILE; repeat the option or give a comma list for several values), so a file
  // name after it is never taken for a second value. Returns -1 when the tool should run, otherwise
  // the exit status to return at once: 0 after --help or --version (printed to stdout), 2 after a
  // usage error (printed to stderr as "TOOL: message" with a hint to --help).
  int parse(int argc, char** argv);

  // Prints "TOOL: message" and the --help hint on stderr; returns kExitUsage.
  int usage_error(const std::string& message) const;

 private:
  void one_value_per_occurrence();
  // "unknown option --feild (did you mean --field?)" for an unknown option; `what` otherwise.
  std::string unknown_option_message(const std::string& what) const;

  std::string name_;
  CLI::App app_;
  bool version_ = false;
};

// An option's check for a directory of the tool's own (--checkpoint DIR): created, with its
// parents, when missing, so the stages of one pipeline, started together, need no mkdir
// first and none of them fails for being first. Fails with the reason if it cannot be made
// or is not a directory.
CLI::Validator directory_created();

// Runs a tool's body with the shared error policy: OutputClosed (reader went away) ends
// quietly with status 0, rivulet::Error prints "TOOL: message" and gives status 1 (or 2 for
// UsageError), any other exception prints and gives 1. Installs stop signals first.
int run_tool(const std::string& name, const std::function<int()>& body);

}  // namespace rivulet
