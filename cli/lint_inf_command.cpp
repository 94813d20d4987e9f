// `vmqkit lint-inf FILE... [--ndis 6.30] [--json | --sarif FILE]`: checks a driver INF's keywords
// against the standardized keyword catalog. Exit 1 on any error finding, 2 on unreadable input.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "ndis/version.h"
#include "spec/inf/lint.h"
#include "spec/inf/lint_report.h"
#include "vmqkit/version.h"

namespace vmqkit::cli {
namespace {

struct LintInfOptions {
  std::vector<std::string> files;
  std::string ndis;
  bool json = false;
  std::string sarif;
};

std::string RulesHelp() {
  std::string out = "Rules (docs/lint-inf.md):\n";
  for (const inf::RuleInfo& r : inf::LintRules()) {
    out += fmt::format("  {:<26} {:<8} {}\n", r.name, inf::ToString(r.severity), r.summary);
  }
  return out;
}

int Run(const LintInfOptions& options) {
  inf::LintOptions lint;
  if (!options.ndis.empty()) {
    lint.ndis = ndis::ParseNdisVersion(options.ndis);
    if (!lint.ndis) {
      return ReportError(UsageError(fmt::format(
          "--ndis '{}' is not an NDIS version such as 6.20, 6.30 or 6.80", options.ndis)));
    }
  }
  int exit_code = kExitOk;
  std::vector<inf::Finding> findings;
  for (const std::string& path : options.files) {
    Result<inf::InfFile> file = inf::ReadInfFile(path);
    if (!file) {
      exit_code = ReportError(file.error());
      continue;
    }
    std::vector<inf::Finding> found = inf::LintInf(*file, lint);
    findings.insert(findings.end(), std::make_move_iterator(found.begin()),
                    std::make_move_iterator(found.end()));
  }
  if (options.json) {
    std::cout << inf::FindingsJson(options.files, findings).dump(2) << "\n";
  } else {
    if (!options.sarif.empty()) {
      const std::string sarif = inf::FindingsSarif(findings, kVersion).dump(2) + "\n";
      if (options.sarif == "-") {
        std::cout << sarif;
      } else {
        std::ofstream out(options.sarif, std::ios::binary);
        out << sarif;
        if (!out) {
          return ReportError(InputError({options.sarif, 0, 0}, "cannot write the SARIF log"));
        }
      }
    }
    if (options.sarif != "-") std::cout << inf::FormatFindings(findings);
  }
  if (exit_code == kExitOk && inf::HasErrors(findings)) exit_code = kExitFinding;
  return exit_code;
}

}  // namespace

void RegisterLintInf(CLI::App& app, Outcome& outcome) {
  auto* cmd = app.add_subcommand(
      "lint-inf",
      "Check the standardized keywords a driver INF offers against the keyword catalog");
  auto options = std::make_shared<LintInfOptions>();
  cmd->add_option("files", options->files, "INF files (UTF-16LE with BOM, UTF-8 or ANSI)")
      ->required();
  cmd->add_option("--ndis", options->ndis,
                  "The driver's NDIS version (e.g. 6.30); without it obsolete keywords are notes");
  auto* json = cmd->add_flag("--json", options->json, "Print the findings as one JSON document");
  cmd->add_option("--sarif", options->sarif, "Also write a SARIF 2.1.0 log to FILE ('-': stdout)")
      ->excludes(json);
  cmd->footer(RulesHelp());
  cmd->callback([&outcome, options] { outcome.exit_code = Run(*options); });
}

}  // namespace vmqkit::cli
