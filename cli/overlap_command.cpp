// `vmqkit overlap`: do any two adapters' RSS/VMQ processor sets overlap (seed KB, [PERF])?
#include <iostream>
#include <memory>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "cli/processor_options.h"
#include "spec/solver/overlap_report.h"

namespace vmqkit::cli {
namespace {

struct OverlapOptions {
  HostOptions host;
  bool json = false;
};

void Run(const OverlapOptions& options, Outcome& outcome) {
  Result<LoadedHost> loaded = LoadHost(options.host);
  if (!loaded) {
    outcome.exit_code = ReportError(loaded.error());
    return;
  }
  NoteAssumedTopology(*loaded, options.host);
  const solver::HostOverlapReport report = solver::MakeHostOverlapReport(
      options.host.Name(), loaded->description, loaded->topology, loaded->topology_assumed);
  std::cout << (options.json ? solver::ToJson(report).dump(2) + "\n" : solver::ToText(report));
  outcome.exit_code = report.ok() ? kExitOk : kExitFinding;
}

}  // namespace

void RegisterOverlap(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<OverlapOptions>();
  auto* cmd = app.add_subcommand(
      "overlap", "Find adapters whose RSS/VMQ processor sets overlap (exit 1 when any do)");
  AddHostOptions(*cmd, options->host, false);
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
