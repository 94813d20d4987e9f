// `vmqkit replay FILE [--json]`: runs a scenario or a check file (JSON Lines) on the model and
// prints each step's status, queue states and routing outcome. An expect/status step that does not
// hold is a finding.
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/replay_dut_command.h"
#include "conformance/replay.h"
#include "formats/scenario_report.h"

namespace vmqkit::cli {
namespace {

struct ReplayOptions {
  std::string file;
  bool json = false;
  std::string dut;  // replay_dut_command.cpp: DUT and model side by side
};

void RunReplay(const ReplayOptions& options, Outcome& outcome) {
  if (!options.dut.empty()) {
    outcome.exit_code = RunReplayOnDut(options.file, options.dut, options.json);
    return;
  }
  auto steps = conformance::LoadCheckFile(options.file);
  if (!steps) {
    std::cerr << "vmqkit replay: " << ToString(steps.error()) << "\n";
    outcome.exit_code = kExitInputError;
    return;
  }
  auto report = conformance::ReplayOnModel(*steps);
  if (!report) {
    std::cerr << "vmqkit replay: " << ToString(report.error()) << "\n";
    outcome.exit_code = kExitInputError;
    return;
  }
  outcome.exit_code = report->finding_count == 0 ? kExitOk : kExitFinding;
  std::cout << (options.json ? formats::ToJson(*report).dump(2) + "\n" : formats::ToText(*report));
}

}  // namespace

void RegisterReplay(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* command = app.add_subcommand(
      "replay", "Run a scenario (JSON Lines, docs/formats.md) on the model, step by step");
  command->add_option("file", options->file, "scenario file (.jsonl)")->required();
  command->add_flag("--json", options->json, "print one JSON document");
  command->add_option("--dut", options->dut,
                      "also run it on this DUT plug-in ('builtin' = the reference miniport), "
                      "side by side with the model");
  command->callback([options, &outcome] { RunReplay(*options, outcome); });
}

}  // namespace vmqkit::cli
