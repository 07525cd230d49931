#include "cli/tool_cli.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "cli/option_suggestion.hpp"
#include "cli/range_message.hpp"
#include "error.hpp"
#include "io/exit_status.hpp"
#include "io/signals.hpp"
#include "time/duration.hpp"

namespace rivulet {

namespace {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter() { column_width(30); }
};

}  // namespace

ToolCli::ToolCli(std::string name, std::string summary, std::string examples)
    : name_(std::move(name)), app_(std::move(summary), name_) {
  app_.formatter(std::make_shared<HelpFormatter>());
  app_.get_formatter()->label("REQUIRED", "(required)");
  if (!examples.empty()) {
    app_.footer("\nExamples:\n" + examples + "\nSee man " + name_ + "(1) for details.");
  }
  app_.add_flag("--version", version_, "Print the version and exit");
}

void ToolCli::add_inputs(std::vector<std::string>* paths) {
  app_.add_option("FILE", *paths, "Input files (default or \"-\": standard input)")->type_name("");
}

void ToolCli::add_bad_input_options(BadInputOptions* options) {
  app_.add_option("--reject", options->reject_path,
                  "Keep bad input lines verbatim in FILE (created or truncated)")
      ->type_name("FILE");
  app_.add_flag("--strict", options->strict, "Stop at the first bad input line (exit 1)");
}

void ToolCli::add_line_buffered(bool* line_buffered) {
  app_.add_flag("--line-buffered", *line_buffered,
                "Flush output after every line (default: flush when waiting for input)");
}

void ToolCli::add_time_options(TimeOptions* options) {
  app_.add_option("--time-field", options->field, "Field holding the event time")
      ->type_name("F")
      ->capture_default_str();
  app_.add_option_function<std::string>(
          "--time-unit",
          [options](const std::string& text) {
            if (!parse_time_unit(text, &options->unit)) {
              throw CLI::ValidationError("--time-unit",
                                         "\"" + text + "\" is not one of auto, s, ms, us, ns");
            }
          },
          "Unit of numeric times: auto (by magnitude, the default), s, ms, us, ns; RFC 3339 "
          "strings always work")
      ->type_name("UNIT");
}

void ToolCli::add_stats(StatsFormat* format) {
  // A flag, not an option with an optional value: `--stats FILE` must leave FILE an input.
  // CLI11 hands a bare flag over as "true".
  app_.add_flag("--stats",
                "Print a statistics line to stderr every second and at exit; --stats=ndjson "
                "prints them as JSON lines (rivulet(7))")
      ->each([format](const std::string& text) {
        if (text == "true") {
          *format = StatsFormat::kText;
        } else if (!parse_stats_format(text, format)) {
          throw CLI::ValidationError("\"" + text + "\" is not one of text, ndjson");
        }
      });
}

void ToolCli::add_stats(bool* stats) {
  app_.add_flag("--stats", *stats, "Print a statistics line to stderr every second and at exit");
}

CLI::Option* ToolCli::add_duration(const std::string& name, int64_t* ns, const std::string& help) {
  return app_
      .add_option_function<std::string>(
          name,
          [ns, name](const std::string& text) {
            std::string err;
            if (!parse_duration(text, ns, &err)) throw CLI::ValidationError(name, err);
          },
          *ns >= 0 ? help + " (default " + format_duration(*ns) + ")" : help)
      ->type_name("DURATION");
}

int ToolCli::usage_error(const std::string& message) const {
  fmt::print(stderr, "{}: {}\nTry '{} --help' for more information.\n", name_, message, name_);
  return kExitUsage;
}

void ToolCli::one_value_per_occurrence() {
  for (CLI::Option* option : app_.get_options()) {
    if (option->nonpositional() &&
        option->get_items_expected_max() >= CLI::detail::expected_max_vector_size) {
      option->allow_extra_args(false);
    }
  }
}

std::string ToolCli::unknown_option_message(const std::string& what) const {
  std::vector<std::string> unknown = app_.remaining();
  auto typed = std::find_if(unknown.begin(), unknown.end(),
                            [](const std::string& arg) { return arg.size() > 1 && arg[0] == '-'; });
  if (typed == unknown.end()) return what;
  std::vector<std::string> known;
  for (const CLI::Option* option : app_.get_options()) {
    for (const std::string& name : option->get_lnames()) known.push_back("--" + name);
    for (const std::string& name : option->get_snames()) known.push_back("-" + name);
  }
  known.push_back("--help");
  std::string message = "unknown option " + *typed;
  std::string suggestion = closest_option(*typed, known);
  if (!suggestion.empty()) message += " (did you mean " + suggestion + "?)";
  return message;
}

int ToolCli::parse(int argc, char** argv) {
  one_value_per_occurrence();
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app_.help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (version_) {
      fmt::print("{} (rivulet) {}\n", name_, RIVULET_VERSION);
      return kExitOk;
    }
    std::string what = e.what();
    if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) what = unknown_option_message(what);
    what = readable_range_message(what);
    return usage_error(what);
  }
  if (version_) {
    fmt::print("{} (rivulet) {}\n", name_, RIVULET_VERSION);
    return kExitOk;
  }
  return -1;
}

CLI::Validator directory_created() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        std::error_code ec;
        std::filesystem::create_directories(path, ec);  // no error when it already exists
        if (std::filesystem::is_directory(path)) return "";
        return "cannot make directory " + path + (ec ? ": " + ec.message() : ": not a directory");
      },
      "");
}

int run_tool(const std::string& name, const std::function<int()>& body) {
  install_stop_signals();
  try {
    return body();
  } catch (const OutputClosed&) {
    return kExitOk;
  } catch (const UsageError& e) {
    fmt::print(stderr, "{}: {}\nTry '{} --help' for more information.\n", name, e.what(), name);
    return kExitUsage;
  } catch (const Error& e) {
    fmt::print(stderr, "{}: {}\n", name, e.what());
    return kExitDataError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: internal error: {}\n", name, e.what());
    return kExitDataError;
  }
}

}  // namespace rivulet
