// `vmqkit advise`: the seed KB's fix computed: *RssBaseProcNumber / *MaxRssProcessors per adapter
// such that no two adapters overlap and the tuning rules hold (spec/processor_tuning.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "cli/processor_options.h"
#include "spec/solver/advice_report.h"

namespace vmqkit::cli {
namespace {

struct AdviseOptions {
  HostOptions host;
  std::string format = "reg";
  bool maximize = false;
};

void Run(const AdviseOptions& options, Outcome& outcome) {
  Result<LoadedHost> loaded = LoadHost(options.host);
  if (!loaded) {
    outcome.exit_code = ReportError(loaded.error());
    return;
  }
  NoteAssumedTopology(*loaded, options.host);
  Result<solver::AdviceReport> report =
      solver::MakeAdviceReport(options.host.Name(), std::move(loaded->description), loaded->topology,
                               loaded->topology_assumed, options.maximize);
  if (!report) {
    outcome.exit_code = ReportError(report.error());
    return;
  }
  outcome.exit_code = report->outcome.advice ? kExitOk : kExitFinding;
  if (options.format == "json") {
    std::cout << solver::ToJson(*report).dump(2) << "\n";
  } else if (!report->outcome.advice) {
    std::cerr << solver::UnsatText(*report);
  } else if (options.format == "reg") {
    std::cout << solver::ToRegCommands(*report);
    std::cerr << "vmqkit: restart the host for the registry changes to take effect (KB 2681638)\n";
  } else {
    std::cout << solver::ToPowerShell(*report);
  }
}

std::string RulesHelp() {
  std::string text = "Rules the advice meets:";
  for (const spec::TuningRuleText& r : spec::TuningRules()) {
    text += fmt::format("\n  {}: {} [{}]", r.id, r.text, r.source);
  }
  return text;
}

}  // namespace

void RegisterAdvise(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<AdviseOptions>();
  auto* cmd = app.add_subcommand(
      "advise", "Compute *RssBaseProcNumber / *MaxRssProcessors for every adapter without overlap");
  cmd->footer(RulesHelp());
  AddHostOptions(*cmd, options->host, true);
  cmd->add_option("--format", options->format,
                  "reg (the seed KB's reg add commands), powershell, json")
      ->check(CLI::IsMember({"reg", "powershell", "json"}))
      ->capture_default_str();
  cmd->add_flag("--maximize", options->maximize,
                "Give each adapter as many processors as the rules allow (at least its count)");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
