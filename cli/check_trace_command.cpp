// `vmqkit check-trace FILE [--json]`: checks a trace recorded from a real driver (registry reads,
// OID requests with their results, indications; docs/conformance.md "Record a trace") against the
// model offline, and reports the first divergence with its rule. Exit 1 on a divergence.
#include <iostream>

#include "cli/commands.h"
#include "conformance/trace_device.h"

namespace vmqkit::cli {
namespace {

struct CheckTraceOptions {
  std::string file;
  bool json = false;
};

int RunCheckTrace(const CheckTraceOptions& options) {
  auto steps = formats::LoadScenario(options.file);
  if (!steps) {
    std::cerr << "vmqkit check-trace: " << ToString(steps.error()) << "\n";
    return kExitInputError;
  }
  auto report = conformance::CheckTrace(*steps, options.file);
  if (!report) {
    std::cerr << "vmqkit check-trace: " << ToString(report.error()) << "\n";
    return kExitInputError;
  }
  std::cout << (options.json ? conformance::ToJson(*report).dump(2) + "\n"
                             : conformance::ToText(*report));
  return report->finding ? kExitFinding : kExitOk;
}

}  // namespace

void RegisterCheckTrace(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<CheckTraceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check-trace", "Check a trace recorded from a driver against the model, offline");
  cmd->add_option("file", options->file, "trace (JSON Lines)")->required();
  cmd->add_flag("--json", options->json, "print one JSON document");
  cmd->callback([options, &outcome] { outcome.exit_code = RunCheckTrace(*options); });
}

}  // namespace vmqkit::cli
