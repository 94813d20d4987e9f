// `vmqkit replay FILE [--json]`: runs a scenario or a check file (JSON Lines) on the model and
// prints each step's status, queue states and routing outcome. An expect/status step that does not
// hold is a finding.
#include <iostream>
#include <nlohmann/json.hpp>
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

std::string QueueLine(const spec::StepResult& result) {
  std::string text;
  for (const auto& queue : result.queues) {
    text += (text.empty() ? "" : ", ") + std::to_string(queue.queue_id) + ":" +
            std::string(spec::ToString(queue.state));
    if (queue.outstanding != 0) text += "(" + std::to_string(queue.outstanding) + " held)";
  }
  return text;
}

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
  if (options.json) {
    nlohmann::json steps_json = nlohmann::json::array();
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& step : report->steps) {
      steps_json.push_back(formats::ToJson(step));
      for (const auto& finding : step.findings) findings.push_back(finding);
    }
    nlohmann::json doc{{"file", report->file},
                       {"steps", steps_json},
                       {"findings", findings},
                       {"ok", report->finding_count == 0}};
    std::cout << doc.dump(2) << "\n";
    return;
  }
  for (const auto& step : report->steps) {
    std::cout << "line " << step.step.pos.line << ": " << step.summary << "\n";
    if (step.result && step.step.kind != "rx") {
      std::cout << "    queues " << step.step.adapter << ": " << QueueLine(*step.result) << "\n";
    }
    for (const auto& finding : step.findings) std::cout << "    FINDING " << finding << "\n";
  }
  std::cout << report->steps.size() << " steps, " << report->finding_count << " findings\n";
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
