// `vmqkit bench --dut LIB [--filters N,...] [--seconds S] [--json]`: the filter-path task and the
// OID path measured on a vendor's plug-in through the DUT ABI, the way vmq_bench measures the
// reference miniport (bench/dut_measure.h; docs/benchmarks.md). Exit 1 when the DUT refuses the
// setup or its indications differ from the model's answers; 2 when the plug-in cannot be loaded.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/dut_report.h"
#include "cli/commands.h"
#include "cli/installation.h"

namespace vmqkit::cli {
namespace {

struct BenchArgs {
  std::string dut;
  std::vector<std::uint32_t> filters = {1, 16, 128, 1024, 4096};
  double seconds = 0.5;
  bool json = false;
};

int RunBench(const BenchArgs& args) {
  auto loaded = LoadDutArg(args.dut);
  if (!loaded) {
    std::cerr << "vmqkit bench: " << ToString(loaded.error()) << "\n";
    return kExitInputError;
  }
  const bench::DutBenchReport report =
      bench::MeasureDut(*(*loaded)->ops(), args.dut, args.filters, args.seconds);
  if (args.json) {
    std::cout << bench::ToJson(report).dump(2) << "\n";
  } else {
    std::cout << bench::ToText(report);
  }
  return bench::HasFinding(report) ? kExitFinding : kExitOk;
}

}  // namespace

void RegisterBench(CLI::App& app, Outcome& outcome) {
  auto* cmd = app.add_subcommand(
      "bench", "Measure a DUT plug-in's receive filter path and OID path through the DUT ABI");
  auto args = std::make_shared<BenchArgs>();
  cmd->add_option("--dut", args->dut, "DUT plug-in (shared library exporting vmqkit_dut_entry)")
      ->required();
  cmd->add_option("--filters", args->filters, "Filter counts of the receive task")
      ->delimiter(',')
      ->check(CLI::Range(1u, 65536u));
  cmd->add_option("--seconds", args->seconds, "Minimum time per receive / OID measurement")
      ->check(CLI::Range(0.01, 60.0));
  cmd->add_flag("--json", args->json, "Print one JSON document");
  cmd->callback([&outcome, args] { outcome.exit_code = RunBench(*args); });
}

}  // namespace vmqkit::cli
