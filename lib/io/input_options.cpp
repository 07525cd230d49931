#include "io/input_options.hpp"

namespace rivulet {

void apply_bad_input_options(const BadInputOptions& options, Diagnostics* diagnostics) {
  if (!options.reject_path.empty()) diagnostics->set_reject_file(options.reject_path);
  diagnostics->set_strict(options.strict);
}

}  // namespace rivulet
