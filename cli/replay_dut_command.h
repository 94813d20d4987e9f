#pragma once
// `vmqkit replay FILE --dut LIB`: the DUT side of replay_command.cpp (the model-only replay).
#include <string>

#include "cli/commands.h"

namespace vmqkit::cli {

// Replays FILE on the DUT plug-in LIB and on the model side by side; returns the exit code
// (0 no divergence, 1 a divergence, 2 an input error or a plug-in that does not load).
int RunReplayOnDut(const std::string& file, const std::string& dut, bool json);

}  // namespace vmqkit::cli
