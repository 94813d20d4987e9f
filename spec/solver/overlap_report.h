#pragma once
// `vmqkit overlap`'s report: every adapter's processor set on a host and what overlaps, rendered
// once for people (ToText) and once for programs (ToJson).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/host_description.h"
#include "spec/solver/overlap.h"

namespace vmqkit::solver {

struct AdapterSetReport {
  std::string subkey;
  std::string driver_desc;
  spec::RssProcessorKeywords keywords;
  std::string max_processors_origin;  // "registry" or the default row taken (E-022)
  // The processors as the solver computed them; the empty reason and the NUMA note from the
  // model (spec/processor_set.h), computed once.
  spec::ProcessorSet set;
};

struct HostOverlapReport {
  std::string host;  // the host file, as the user named it
  spec::HostTopology topology;
  bool topology_assumed = false;
  std::vector<AdapterSetReport> adapters;
  std::vector<Overlap> overlaps;
  std::vector<TeamMismatch> team_mismatches;
  bool ok() const { return overlaps.empty() && team_mismatches.empty(); }
};

HostOverlapReport MakeHostOverlapReport(const std::string& host_file,
                                        const spec::HostDescription& host,
                                        const spec::HostTopology& topology, bool topology_assumed);

std::string ToText(const HostOverlapReport& report);
nlohmann::json ToJson(const HostOverlapReport& report);

// Shared with the advisor's report: processors as topology indexes, and the topology object.
nlohmann::json IndexesJson(const std::vector<spec::ProcessorNumber>& processors,
                           const spec::HostTopology& topology);
nlohmann::json TopologyJson(const spec::HostTopology& topology, bool assumed);

}  // namespace vmqkit::solver
