#include "bench/dut_report.h"

#include <sstream>

namespace vmqkit::bench {

DutBenchReport MeasureDut(const vmqkit_dut_ops& ops, const std::string& dut,
                          const std::vector<std::uint32_t>& filters, double seconds) {
  DutBenchReport report{dut, ops.name, ops.version, {}, {}, {}};
  for (std::uint32_t n : filters)
    report.receive.push_back({n, MeasureReceive(ops, TaskOfSize(n), seconds)});
  report.oid_pairs = MeasureSetClearPairs(ops, seconds);
  report.live_migration = MeasureLiveMigration(ops, kMigratedGuests);
  return report;
}

bool HasFinding(const DutBenchReport& report) {
  for (const ReceiveRow& row : report.receive) {
    if (row.measurement.error) return true;
  }
  return report.oid_pairs.error.has_value() || report.live_migration.error.has_value();
}

std::string ToText(const DutBenchReport& report) {
  std::ostringstream out;
  out << "vmqkit bench: " << report.dut << " (" << report.name << " " << report.version << ")\n\n"
      << "receive path (filter-path task, wire frame to indication):\n";
  for (const ReceiveRow& row : report.receive) {
    const ReceiveMeasurement& m = row.measurement;
    out << "  N=" << row.filters << ": ";
    if (m.error) {
      out << *m.error << "\n";
    } else {
      out << m.frames.per_second / 1e6 << " Mpps, " << 1e9 / m.frames.per_second << " ns/frame\n";
    }
  }
  out << "\nOID path:\n  SET_FILTER + CLEAR_FILTER: ";
  if (report.oid_pairs.error) {
    out << *report.oid_pairs.error << "\n";
  } else {
    out << report.oid_pairs.pairs.per_second << " pairs/s\n";
  }
  out << "  live migration of " << kMigratedGuests << " guests A -> B: ";
  const MigrationMeasurement& migration = report.live_migration;
  if (migration.error) {
    out << *migration.error << "\n";
  } else {
    out << migration.guests.seconds * 1e3 << " ms (" << 1e6 / migration.guests.per_second
        << " us per guest)\n";
  }
  return out.str();
}

nlohmann::json ToJson(const DutBenchReport& report) {
  nlohmann::json receive = nlohmann::json::array();
  for (const ReceiveRow& row : report.receive) {
    const ReceiveMeasurement& m = row.measurement;
    nlohmann::json entry{{"filters", row.filters}};
    if (m.error) {
      entry["error"] = *m.error;
    } else {
      entry["mpps"] = m.frames.per_second / 1e6;
      entry["ns_per_frame"] = 1e9 / m.frames.per_second;
      entry["frames"] = m.frames.count;
    }
    receive.push_back(entry);
  }
  nlohmann::json doc{{"dut", report.dut},
                     {"name", report.name},
                     {"version", report.version},
                     {"receive", receive}};
  const OidMeasurement& pairs = report.oid_pairs;
  if (pairs.error) {
    doc["oid_pairs"] = {{"error", *pairs.error}};
  } else {
    doc["oid_pairs"] = {{"pairs_per_second", pairs.pairs.per_second}, {"pairs", pairs.pairs.count}};
  }
  const MigrationMeasurement& migration = report.live_migration;
  if (migration.error) {
    doc["live_migration"] = {{"error", *migration.error}};
  } else {
    doc["live_migration"] = {{"guests", migration.guests.count},
                             {"seconds", migration.guests.seconds},
                             {"guests_per_second", migration.guests.per_second}};
  }
  return doc;
}

}  // namespace vmqkit::bench
