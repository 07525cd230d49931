#pragma once
// The one exception type lib/ throws. Only tools' main() catch it, print it and exit.

#include <stdexcept>
#include <string>

namespace rivulet {

// A failure the user can act on (cannot open a file, bad configuration, unreachable server).
// what() is a complete sentence fragment without the tool-name prefix.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad command-line usage: main() prints it with a hint to --help and exits 2.
class UsageError : public Error {
 public:
  using Error::Error;
};

}  // namespace rivulet
