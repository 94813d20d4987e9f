#pragma once
// Running the checks: each check in a child process (fork + pipe, child_check.h) with a time limit
// per step, so a DUT that crashes or hangs is a failure with the scenario that led there and the
// run goes on; several at once (`jobs`), the results in check order;
// selection by suite and shard; reports as JSON, JUnit XML and a summary table.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/suites.h"

namespace vmqkit::conformance {

struct RunOptions {
  std::vector<std::string> suites;  // empty: all
  std::uint64_t seed = 1;
  std::size_t steps = 10'000;
  bool strict = false;
  std::vector<std::string> waived;  // capability rules judged but not failed (--waive)
  std::uint32_t shard_index = 0;
  std::uint32_t shard_count = 1;
  std::string out_dir;  // counterexamples; empty: not written
  int step_timeout_ms = 5'000;
  bool isolate = true;  // fork per check
  // Checks run at once, each in its child (with `isolate`); results come in check order.
  std::size_t jobs = 1;
  std::function<void(const std::string&)> progress;  // one line per finished check
};

struct CheckRecord {
  std::string suite;
  std::string name;
  std::string source;
  CheckResult result;
  std::string counterexample_path;
  double seconds = 0;
};

struct RunReport {
  std::string dut;
  RunOptions options;
  std::vector<CheckRecord> checks;
  std::size_t steps = 0;
  double seconds = 0;
  Coverage coverage;  // merged over the checks that ran
  bool failed() const;
};

// The DUT's function table; the child processes inherit it.
RunReport RunConformance(const vmqkit_dut_ops* ops, const std::string& dut_name,
                         const RunOptions& options);

nlohmann::json ToJson(const RunReport& report);
std::string ToJUnit(const RunReport& report);
// KTAP version 1 (the Linux kernel's test output, read by kselftest-style runners): a plan line,
// one "ok"/"not ok" line per check in run order, "# SKIP" for skipped checks, and diagnostic "#"
// lines with rule, source and counterexample path after a failure (ktap_report.cpp).
std::string ToKtap(const RunReport& report);
// A SARIF 2.1.0 log (base/sarif.h): tool.driver.rules holds every check of the run (id = check
// name, source in the description), one result per failed check, located at its counterexample
// file (sarif_report.cpp).
nlohmann::json ToSarif(const RunReport& report, std::string_view tool_version);
std::string SummaryTable(const RunReport& report);
// The counterexample file: comment lines (check, rule, source, seed, message) and the scenario.
std::string CounterexampleText(const CheckRecord& record, std::uint64_t seed);

// Whether `name` selects check `info` (a suite name, a check name, or a check-name prefix).
bool Selects(const std::string& name, const CheckInfo& info);

}  // namespace vmqkit::conformance
