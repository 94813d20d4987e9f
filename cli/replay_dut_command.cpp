// `vmqkit replay FILE --dut LIB`: reproduces a scenario (a counterexample of `vmqkit conform`) on a
// DUT plug-in and on the model side by side, through the conformance engine. `--dut builtin` is the
// linked-in reference miniport.
#include "cli/replay_dut_command.h"

#include <iostream>

#include "cli/installation.h"
#include "conformance/replay.h"
#include "formats/scenario.h"
#include "reference/dut_ops.h"

namespace vmqkit::cli {

int RunReplayOnDut(const std::string& file, const std::string& dut, bool json) {
  auto steps = conformance::LoadCheckFile(file);
  if (!steps) {
    std::cerr << "vmqkit replay: " << ToString(steps.error()) << "\n";
    return kExitInputError;
  }
  std::unique_ptr<conformance::LoadedDut> loaded;
  const vmqkit_dut_ops* ops = &reference::DutOps();
  if (dut != "builtin") {
    auto result = LoadDutArg(dut);
    if (!result) {
      std::cerr << "vmqkit replay: " << ToString(result.error()) << "\n";
      return kExitInputError;
    }
    loaded = std::move(*result);
    ops = loaded->ops();
  }
  auto report = conformance::ReplayOnDut(
      *steps,
      [ops](const conformance::PlatformSpec& platform) -> std::unique_ptr<conformance::Device> {
        return conformance::PluginDevice::Create(ops, platform);
      },
      {});
  if (!report) {
    std::cerr << "vmqkit replay: " << ToString(report.error()) << "\n";
    return kExitInputError;
  }
  if (json) {
    std::cout << conformance::ToJson(*report).dump(2) << "\n";
  } else {
    std::cout << "vmqkit replay: " << file << " on " << ops->name << " " << ops->version
              << " and the model\n"
              << conformance::ToText(*report);
  }
  return report->finding ? kExitFinding : kExitOk;
}

}  // namespace vmqkit::cli
