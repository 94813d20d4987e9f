#include "bench/dut_report.h"

#include <sstream>

namespace vmqkit::bench {

DutBenchReport MeasureDut(const vmqkit_dut_ops& ops, const std::string& dut,
                          const std::vector<std::uint32_t>& filters, double seconds) {
  DutBenchReport report{dut, ops.name, ops.version, {}, {}, {}, {}};
  report.harness = MeasureHarness(TaskOfSize(filters.empty() ? 16 : filters.front()), seconds);
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

namespace {

// "4.1 ns/frame (4.0-4.3)": the median round, then the lowest and the highest.
std::string Ns(const Spread& s) {
  std::ostringstream out;
  out.precision(3);
  out << s.median << " ns/frame (" << s.low << "-" << s.high << ")";
  return out.str();
}

nlohmann::json JsonOf(const Spread& s) {
  return {{"median", s.median}, {"low", s.low}, {"high", s.high}};
}

}  // namespace

std::string ToText(const DutBenchReport& report) {
  std::ostringstream out;
  out << "vmqkit bench: " << report.dut << " (" << report.name << " " << report.version << ")\n\n"
      << "DUT path alone (null DUT, every frame indicated on the default queue; median of "
      << kRounds << " rounds, lowest-highest):\n"
      << "  receive_batch, " << kReceiveBatch
      << " frames per call: " << Ns(report.harness.batched_ns_per_frame) << "\n"
      << "  receive, one frame per call: " << Ns(report.harness.per_frame_ns_per_frame) << "\n\n"
      << "receive path (filter-path task, wire frame to indication):\n";
  for (const ReceiveRow& row : report.receive) {
    const ReceiveMeasurement& m = row.measurement;
    out << "  N=" << row.filters << ": ";
    if (m.error) {
      out << *m.error << "\n";
    } else {
      out << m.frames.per_second / 1e6 << " Mpps, " << Ns(m.ns_per_frame)
          << (m.batched ? " with receive_batch" : " one frame per receive call") << "; DUT path "
          << Ns(m.harness_ns_per_frame) << ", the driver's own " << Ns(m.own_ns_per_frame) << "\n";
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
      entry["batched"] = m.batched;
      entry["rounds_ns_per_frame"] = JsonOf(m.ns_per_frame);
      entry["harness_ns_per_frame"] = JsonOf(m.harness_ns_per_frame);
      entry["driver_ns_per_frame"] = JsonOf(m.own_ns_per_frame);
    }
    receive.push_back(entry);
  }
  nlohmann::json doc{{"dut", report.dut},
                     {"name", report.name},
                     {"version", report.version},
                     {"harness",
                      {{"batched_ns_per_frame", JsonOf(report.harness.batched_ns_per_frame)},
                       {"per_frame_ns_per_frame", JsonOf(report.harness.per_frame_ns_per_frame)}}},
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
