// `vmqkit conform`: runs the conformance suites against a DUT (a plug-in, or the built-in one)
// and reports per check; exit 1 when any check fails.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/installation.h"
#include "conformance/runner.h"
#include "reference/dut_ops.h"
#include "vmqkit/version.h"

namespace vmqkit::cli {
namespace {

struct ConformArgs {
  std::string dut;
  std::vector<std::string> suites;
  std::uint64_t seed = 1;
  std::size_t steps = 10'000;
  bool strict = false;
  std::vector<std::string> waived;  // --waive
  std::string json_file;
  std::string junit_file;
  std::string ktap_file;
  std::string sarif_file;
  std::string out_dir = "conform-out";
  std::string shard;
  int step_timeout_ms = 5'000;
  std::size_t jobs = 0;           // 0: the online CPUs
  bool coverage = false;          // print the coverage table
  bool require_coverage = false;  // exit 1 when a coverage bin stays open
};

bool ParseShard(const std::string& text, std::uint32_t& index, std::uint32_t& count) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    const unsigned long i = std::stoul(text.substr(0, slash));
    const unsigned long n = std::stoul(text.substr(slash + 1));
    if (n == 0 || i >= n || n > 100000) return false;
    index = static_cast<std::uint32_t>(i);
    count = static_cast<std::uint32_t>(n);
    return true;
  } catch (...) {
    return false;
  }
}

int Run(const ConformArgs& args) {
  conformance::RunOptions options;
  options.suites = args.suites;
  options.seed = args.seed;
  options.steps = args.steps;
  options.strict = args.strict;
  options.waived = args.waived;
  options.out_dir = args.out_dir;
  for (const std::string& rule : args.waived) {
    // Only a capability rule leaves the model a well-defined state to go on from (the DUT's
    // structures, or the recommended ones): docs/conformance.md, "Waivers".
    if (rule.rfind("capabilities.", 0) != 0 ||
        rule.size() == std::string_view("capabilities.").size()) {
      std::cerr << "vmqkit conform: --waive \"" << rule
                << "\": only a capability rule (capabilities.<rule>, as a report names it) can "
                   "be waived\n";
      return kExitInputError;
    }
  }
  options.step_timeout_ms = args.step_timeout_ms;
  options.jobs = args.jobs;
  if (options.jobs == 0) {
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    options.jobs = cpus > 0 ? static_cast<std::size_t>(cpus) : 1;
  }
  if (!args.shard.empty() && !ParseShard(args.shard, options.shard_index, options.shard_count)) {
    std::cerr << "vmqkit conform: --shard \"" << args.shard << "\" must be I/N with 0 <= I < N\n";
    return kExitInputError;
  }
  for (const auto& name : args.suites) {
    bool known = false;
    for (const auto& info : conformance::Checks())
      known = known || conformance::Selects(name, info);
    if (!known) {
      std::cerr << "vmqkit conform: --suite \"" << name << "\" names no suite or check; suites:";
      for (const auto& s : conformance::SuiteNames()) std::cerr << " " << s;
      std::cerr << "\n";
      return kExitInputError;
    }
  }
  std::unique_ptr<conformance::LoadedDut> loaded;
  const vmqkit_dut_ops* ops = &reference::DutOps();
  std::string name = "built-in: " + std::string(ops->name);
  if (!args.dut.empty()) {
    auto result = LoadDutArg(args.dut);
    if (!result) {
      std::cerr << "vmqkit conform: " << ToString(result.error()) << "\n";
      return kExitInputError;
    }
    loaded = std::move(*result);
    ops = loaded->ops();
    name = args.dut + " (" + std::string(ops->name) + " " + ops->version + ")";
  }
  const bool json_stdout = args.json_file == "-";
  if (isatty(STDERR_FILENO) != 0) {
    options.progress = [](const std::string& line) {
      std::cerr << "\r\033[K" << line << std::flush;
    };
  }
  const conformance::RunReport report = conformance::RunConformance(ops, name, options);
  if (options.progress) std::cerr << "\r\033[K";
  if (!args.json_file.empty() && !json_stdout) {
    std::ofstream(args.json_file) << conformance::ToJson(report).dump(2) << "\n";
  }
  if (!args.junit_file.empty()) std::ofstream(args.junit_file) << conformance::ToJUnit(report);
  if (!args.ktap_file.empty()) std::ofstream(args.ktap_file) << conformance::ToKtap(report);
  if (!args.sarif_file.empty()) {
    std::ofstream(args.sarif_file) << conformance::ToSarif(report, kVersion).dump(2) << "\n";
  }
  if (json_stdout) {
    std::cout << conformance::ToJson(report).dump(2) << "\n";
  } else {
    std::cout << "vmqkit conform: " << report.dut << ", seed " << options.seed << ", "
              << report.steps << " steps in " << report.seconds << " s\n\n"
              << conformance::SummaryTable(report);
    if (args.coverage || args.require_coverage) {
      std::cout << "\nFunctional coverage (docs/conformance.md, \"Coverage\"):\n"
                << report.coverage.Table();
    }
  }
  if (report.failed()) return kExitFinding;
  const std::size_t open = report.coverage.OpenBins().size();
  if (args.require_coverage && open > 0) {
    std::cerr << "vmqkit conform: " << open << " coverage bin" << (open == 1 ? "" : "s")
              << " open (--require-coverage)\n";
    return kExitFinding;
  }
  return kExitOk;
}

}  // namespace

void RegisterConform(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<ConformArgs>();
  CLI::App* cmd = app.add_subcommand(
      "conform", "Run the conformance suites against a driver under test (DUT ABI plug-in)");
  cmd->add_option(
      "--dut", args->dut,
      "DUT plug-in: a .so exporting vmqkit_dut_entry, or a name found in the installed lib/vmqkit "
      "(reference, minimal); default: the built-in reference miniport");
  cmd->add_option("--suite", args->suites, "suite or check name (repeatable); default: all");
  cmd->add_option("--seed", args->seed, "seed of the generated streams");
  cmd->add_option("--steps", args->steps, "generated steps (budget of the random checks)");
  cmd->add_flag("--strict", args->strict, "accept only the model's recommended outcomes");
  cmd->add_option("--waive", args->waived,
                  "judge this capability rule (e.g. capabilities.hardware.msi-x) but do not fail "
                  "it, so the checks go on past initialize; repeatable; the report lists what "
                  "was waived");
  cmd->add_option("--json", args->json_file, "write the JSON report to FILE ('-' = stdout only)");
  cmd->add_option("--junit", args->junit_file, "write a JUnit XML report to FILE");
  cmd->add_option("--ktap", args->ktap_file, "write a KTAP version 1 report to FILE");
  cmd->add_option("--sarif", args->sarif_file,
                  "write a SARIF 2.1.0 log to FILE (one result per failed rule)");
  cmd->add_option("--out", args->out_dir, "directory for counterexample scenarios");
  cmd->add_option("--shard", args->shard, "run shard I of N (I/N)");
  cmd->add_option("--step-timeout-ms", args->step_timeout_ms, "time limit per step");
  cmd->add_option("-j,--jobs", args->jobs,
                  "checks run at once, each in its own process (default: the online CPUs; -j1: "
                  "one after the other); reports list the checks in the same order for every N");
  cmd->add_flag("--coverage", args->coverage,
                "print the functional coverage table (bin groups, closed/total, open bins)");
  cmd->add_flag("--require-coverage", args->require_coverage,
                "exit 1 when a coverage bin stays open (implies --coverage)");
  cmd->callback([args, &outcome] { outcome.exit_code = Run(*args); });
}

}  // namespace vmqkit::cli
