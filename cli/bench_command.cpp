// `vmqkit bench --dut LIB [--filters N,...] [--seconds S] [--json]`: the filter-path task and the
// OID path measured on a vendor's plug-in through the DUT ABI, the way vmq_bench measures the
// reference miniport (bench/dut_measure.h; docs/benchmarks.md). Exit 1 when the DUT refuses the
// setup or its indications differ from the model's answers; 2 when the plug-in cannot be loaded.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/dut_measure.h"
#include "cli/commands.h"
#include "conformance/plugin.h"

namespace vmqkit::cli {
namespace {

struct BenchArgs {
  std::string dut;
  std::vector<std::uint32_t> filters = {1, 16, 128, 1024, 4096};
  double seconds = 0.5;
  bool json = false;
};

int RunBench(const BenchArgs& args) {
  auto loaded = conformance::LoadDut(args.dut);
  if (!loaded) {
    std::cerr << "vmqkit bench: " << ToString(loaded.error()) << "\n";
    return kExitInputError;
  }
  const vmqkit_dut_ops& ops = *(*loaded)->ops();
  bool finding = false;
  nlohmann::json doc;
  doc["dut"] = args.dut;
  doc["name"] = ops.name;
  doc["version"] = ops.version;
  if (!args.json) {
    std::cout << "vmqkit bench: " << args.dut << " (" << ops.name << " " << ops.version << ")\n\n"
              << "receive path (filter-path task, wire frame to indication):\n";
  }
  nlohmann::json receive = nlohmann::json::array();
  for (std::uint32_t n : args.filters) {
    const bench::ReceiveMeasurement m =
        bench::MeasureReceive(ops, bench::TaskOfSize(n), args.seconds);
    nlohmann::json row{{"filters", n}};
    if (m.error) {
      finding = true;
      row["error"] = *m.error;
      if (!args.json) std::cout << "  N=" << n << ": " << *m.error << "\n";
    } else {
      row["mpps"] = m.frames.per_second / 1e6;
      row["ns_per_frame"] = 1e9 / m.frames.per_second;
      row["frames"] = m.frames.count;
      if (!args.json) {
        std::cout << "  N=" << n << ": " << m.frames.per_second / 1e6 << " Mpps, "
                  << 1e9 / m.frames.per_second << " ns/frame\n";
      }
    }
    receive.push_back(row);
  }
  doc["receive"] = receive;

  const bench::OidMeasurement pairs = bench::MeasureSetClearPairs(ops, args.seconds);
  if (pairs.error) {
    finding = true;
    doc["oid_pairs"] = {{"error", *pairs.error}};
  } else {
    doc["oid_pairs"] = {{"pairs_per_second", pairs.pairs.per_second}, {"pairs", pairs.pairs.count}};
  }
  const bench::MigrationMeasurement migration =
      bench::MeasureLiveMigration(ops, bench::kMigratedGuests);
  if (migration.error) {
    finding = true;
    doc["live_migration"] = {{"error", *migration.error}};
  } else {
    doc["live_migration"] = {{"guests", migration.guests.count},
                             {"seconds", migration.guests.seconds},
                             {"guests_per_second", migration.guests.per_second}};
  }
  if (args.json) {
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << "\nOID path:\n  SET_FILTER + CLEAR_FILTER: ";
    if (pairs.error) {
      std::cout << *pairs.error << "\n";
    } else {
      std::cout << pairs.pairs.per_second << " pairs/s\n";
    }
    std::cout << "  live migration of " << bench::kMigratedGuests << " guests A -> B: ";
    if (migration.error) {
      std::cout << *migration.error << "\n";
    } else {
      std::cout << migration.guests.seconds * 1e3 << " ms (" << 1e6 / migration.guests.per_second
                << " us per guest)\n";
    }
  }
  return finding ? kExitFinding : kExitOk;
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
