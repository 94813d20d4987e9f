#pragma once
// `vmqkit bench --dut LIB`'s report: every DUT-ABI measurement of one plug-in as a value,
// rendered as text or JSON here so the command only wires options (docs/benchmarks.md).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/dut_measure.h"

namespace vmqkit::bench {

struct ReceiveRow {
  std::uint32_t filters = 0;  // the task size asked for
  ReceiveMeasurement measurement;
};

struct DutBenchReport {
  std::string dut;  // the plug-in as named on the command line
  std::string name;
  std::string version;
  HarnessMeasurement harness;  // the null DUT: the DUT path's own cost
  std::vector<ReceiveRow> receive;
  OidMeasurement oid_pairs;
  MigrationMeasurement live_migration;
};

// The DUT path alone (the null DUT), the receive path for each filter count, then the OID path:
// set-and-clear pairs and the live migration of kMigratedGuests guests.
DutBenchReport MeasureDut(const vmqkit_dut_ops& ops, const std::string& dut,
                          const std::vector<std::uint32_t>& filters, double seconds);

// A measurement the DUT's answers or refusals prevented (the command exits 1).
bool HasFinding(const DutBenchReport& report);
std::string ToText(const DutBenchReport& report);
nlohmann::json ToJson(const DutBenchReport& report);

}  // namespace vmqkit::bench
