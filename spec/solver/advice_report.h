#pragma once
// `vmqkit advise`'s report: the advice for a host (or the rules that cannot all hold), rendered
// once per format: the seed KB's `reg add` commands, PowerShell, JSON, and the unsat core as text.
#include <nlohmann/json.hpp>
#include <string>

#include "spec/solver/advisor.h"

namespace vmqkit::solver {

struct AdviceReport {
  std::string host_file;  // as the user named it
  spec::HostDescription host;
  spec::HostTopology topology;
  bool topology_assumed = false;
  AdviceRequest request;
  AdviceOutcome outcome;
  // *RssBaseProcGroup is written when the host has several groups or the advice moves a group.
  bool with_group = false;
};

// Fails when an adapter's processor count is unknown (MakeAdviceRequest).
Result<AdviceReport> MakeAdviceReport(const std::string& host_file, spec::HostDescription host,
                                      const spec::HostTopology& topology, bool topology_assumed,
                                      bool maximize);

// With advice: the seed KB's commands (with the GUID's closing brace the KB lacks, E-709), and
// Set-NetAdapterVmq commands.
std::string ToRegCommands(const AdviceReport& report);
std::string ToPowerShell(const AdviceReport& report);
// Without advice: why, as the lines vmqkit prints on stderr.
std::string UnsatText(const AdviceReport& report);
// Either case.
nlohmann::json ToJson(const AdviceReport& report);

}  // namespace vmqkit::solver
