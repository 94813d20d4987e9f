#pragma once
// Runs a program as a child process with a hang guard, for tests of the `vmqkit` command.
#include <chrono>
#include <string>
#include <vector>

namespace vmqkit::test {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal or the hang guard
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
};

CommandResult RunCommand(const std::vector<std::string>& argv,
                         std::chrono::seconds hang_guard = std::chrono::seconds(120));

// `vmqkit` built beside the tests.
std::string VmqkitPath();

}  // namespace vmqkit::test
