#pragma once

namespace rivulet {

// Exit statuses shared by every tool (rivulet(7), "Exit status").
enum ExitStatus : int {
  kExitOk = 0,         // all input handled
  kExitDataError = 1,  // some input rejected, or some output undeliverable after retries
  kExitUsage = 2,      // bad command line
};

}  // namespace rivulet
