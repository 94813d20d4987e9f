#pragma once
// What this vmqkit is (`vmqkit --version`) and where its plug-ins are (`--dut NAME`).
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "conformance/plugin.h"

namespace vmqkit::cli {

// "vmqkit 0.1.0", then the git commit it was built from, the DUT ABI version and the NDIS
// versions it tells apart, one per line.
std::string VersionText();

// Where `--dut NAME` looks, in order: the installed lib/vmqkit beside this vmqkit's bin/, then the
// build tree's lib/ (bin/../lib).
std::vector<std::string> PluginDirs();

// `--dut ARG` (a path, a .so file, or a plug-in name found in PluginDirs()) loaded.
Result<std::unique_ptr<conformance::LoadedDut>> LoadDutArg(const std::string& arg);

}  // namespace vmqkit::cli
