// `vmqkit diagnose`: the seed KB's problem and the processor-set rules checked on what a Hyper-V
// administrator has (PowerShell output, a reg export, a host description), with the fix.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "admin/diagnosis_report.h"
#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "cli/processor_options.h"

namespace vmqkit::cli {
namespace {

struct DiagnoseOptions {
  HostOptions host;
  bool json = false;
  std::string write_fix;
};

void Run(const DiagnoseOptions& options, Outcome& outcome) {
  Result<LoadedHost> loaded = LoadHost(options.host);
  if (!loaded) {
    outcome.exit_code = ReportError(loaded.error());
    return;
  }
  NoteAssumedTopology(*loaded, options.host);
  Result<admin::Diagnosis> d =
      admin::Diagnose(options.host.Name(), loaded->description, loaded->admin, loaded->topology,
                      loaded->topology_assumed);
  if (!d) {
    outcome.exit_code = ReportError(d.error());
    return;
  }
  if (!options.write_fix.empty()) {
    const nlohmann::json fixed = admin::FixedHostJson(*d);
    std::ofstream out(options.write_fix, std::ios::binary);
    if (fixed.is_null() || !out) {
      outcome.exit_code = ReportError(UsageError(
          fixed.is_null() ? "--write-fix: no fix to write (nothing is wrong, or no assignment "
                            "meets every rule)"
                          : "--write-fix: cannot write " + options.write_fix));
      return;
    }
    out << fixed.dump(2) << "\n";
  }
  std::cout << (options.json ? admin::ToJson(*d).dump(2) + "\n" : admin::ToText(*d));
  outcome.exit_code = d->ok() ? kExitOk : kExitFinding;
}

std::string RulesHelp() {
  std::string text = "Findings (problem: exit 1; advice: printed only):";
  for (const admin::RuleText& r : admin::DiagnosisRules()) {
    text += fmt::format("\n  {} ({}): {} [{}]", r.id,
                        r.severity == admin::Severity::kProblem ? "problem" : "advice", r.text,
                        r.source);
  }
  return text;
}

}  // namespace

void RegisterDiagnose(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<DiagnoseOptions>();
  auto* cmd = app.add_subcommand(
      "diagnose",
      "Find the seed KB's condition, processor overlap (per core) and tuning problems on a "
      "Hyper-V host, and print the fix (exit 1 when something is wrong)");
  cmd->footer(RulesHelp());
  AddHostOptions(*cmd, options->host, true);
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->add_option("--write-fix", options->write_fix,
                  "Write the host with the fix applied as a JSON host description, which "
                  "`vmqkit overlap --host FILE` reads");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
