#include "spec/solver/overlap_report.h"

#include <fmt/format.h>

namespace vmqkit::solver {
namespace {

nlohmann::json Names(const std::vector<spec::ProcessorNumber>& ps) {
  nlohmann::json out = nlohmann::json::array();
  for (const spec::ProcessorNumber& p : ps) out.push_back(spec::ToString(p));
  return out;
}

// Plain numbers on a one-group host, group:number otherwise.
std::string List(const std::vector<spec::ProcessorNumber>& ps, const spec::HostTopology& t) {
  std::vector<std::string> parts;
  for (const spec::ProcessorNumber& p : ps) {
    parts.push_back(t.groups == 1 ? std::to_string(p.number) : spec::ToString(p));
  }
  return parts.empty() ? "(none)" : fmt::format("{}", fmt::join(parts, ", "));
}

std::string AdapterText(const AdapterSetReport& a, const spec::HostTopology& t) {
  const spec::RssProcessorKeywords& k = a.keywords;
  std::string out =
      fmt::format("  {}{}: base {}{}, *MaxRssProcessors {}{} -> processors {}\n", a.subkey,
                  a.driver_desc.empty() ? "" : " (" + a.driver_desc + ")", spec::ToString(k.Base()),
                  k.max ? ", max " + spec::ToString(*k.max) : "", k.max_processors,
                  a.max_processors_origin == "registry" ? "" : " (" + a.max_processors_origin + ")",
                  List(a.set.processors, t));
  if (a.set.empty_reason) {
    out += fmt::format("    empty: {}\n", spec::ToString(*a.set.empty_reason));
  }
  if (a.set.misses_preferred_numa_node) {
    out += fmt::format("    note: no processor of the preferred NUMA node {}\n", k.numa_node);
  }
  return out;
}

nlohmann::json AdapterJson(const AdapterSetReport& a, const spec::HostTopology& t) {
  const spec::RssProcessorKeywords& k = a.keywords;
  nlohmann::json out = {{"subkey", a.subkey},
                        {"driver_desc", a.driver_desc},
                        {"base", spec::ToString(k.Base())},
                        {"max", k.max ? nlohmann::json(spec::ToString(*k.max)) : nlohmann::json()},
                        {"max_rss_processors", k.max_processors},
                        {"max_rss_processors_origin", a.max_processors_origin},
                        {"processors", IndexesJson(a.set.processors, t)},
                        {"group_numbers", Names(a.set.processors)}};
  if (a.set.empty_reason) out["empty_reason"] = spec::ToString(*a.set.empty_reason);
  return out;
}

}  // namespace

nlohmann::json IndexesJson(const std::vector<spec::ProcessorNumber>& processors,
                           const spec::HostTopology& topology) {
  nlohmann::json out = nlohmann::json::array();
  for (const spec::ProcessorNumber& p : processors) out.push_back(topology.IndexOf(p));
  return out;
}

nlohmann::json TopologyJson(const spec::HostTopology& t, bool assumed) {
  return {{"groups", t.groups},
          {"lps_per_group", t.lps_per_group},
          {"smt", t.smt},
          {"numa_nodes", t.numa_nodes},
          {"assumed", assumed}};
}

HostOverlapReport MakeHostOverlapReport(const std::string& host_file,
                                        const spec::HostDescription& host,
                                        const spec::HostTopology& topology, bool topology_assumed) {
  const std::vector<spec::AdapterKeywords> keywords = spec::ReadAdapterKeywords(host);
  std::vector<AdapterSetInput> inputs;
  for (const spec::AdapterKeywords& k : keywords) inputs.push_back({k.subkey, k.keywords});
  OverlapReport overlap = CheckOverlap(inputs, topology, host.teams);
  HostOverlapReport report{host_file, topology, topology_assumed, {}, {}, {}};
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    spec::ProcessorSet set = spec::ComputeProcessorSet(keywords[i].keywords, topology);
    set.processors = std::move(overlap.sets[i].processors);
    report.adapters.push_back({keywords[i].subkey, host.registry.adapters[i].driver_desc,
                               keywords[i].keywords, keywords[i].max_processors_origin,
                               std::move(set)});
  }
  report.overlaps = std::move(overlap.overlaps);
  report.team_mismatches = std::move(overlap.team_mismatches);
  return report;
}

std::string ToText(const HostOverlapReport& report) {
  const spec::HostTopology& t = report.topology;
  std::string out = fmt::format("host {}: {}\n", report.host, spec::Describe(t));
  for (const AdapterSetReport& a : report.adapters) out += AdapterText(a, t);
  for (const Overlap& o : report.overlaps) {
    if (t.smt == 1) {
      out += fmt::format("overlap: {} and {} share processors {} (witness {})\n", o.a, o.b,
                         List(o.processors, t), spec::ToString(o.witness));
    } else {
      // Judged per core (E-711): name the cores and the logical processors on them.
      out += fmt::format("overlap: {} and {} share core{} {} (processors {}; witness {})\n", o.a,
                         o.b, o.cores.size() == 1 ? "" : "s", fmt::join(o.cores, ", "),
                         List(o.processors, t), spec::ToString(o.witness));
    }
  }
  for (const TeamMismatch& m : report.team_mismatches) {
    out += fmt::format(
        "team {}: Min-Queues members {} and {} differ on processors {} (witness {}); their sets "
        "must be identical\n",
        m.team, m.a, m.b, List(m.processors, t), spec::ToString(m.witness));
  }
  if (report.ok()) out += "no overlapping processor sets\n";
  return out;
}

nlohmann::json ToJson(const HostOverlapReport& report) {
  const spec::HostTopology& t = report.topology;
  nlohmann::json adapters = nlohmann::json::array();
  for (const AdapterSetReport& a : report.adapters) adapters.push_back(AdapterJson(a, t));
  nlohmann::json overlaps = nlohmann::json::array();
  for (const Overlap& o : report.overlaps) {
    overlaps.push_back({{"a", o.a},
                        {"b", o.b},
                        {"processors", IndexesJson(o.processors, t)},
                        {"group_numbers", Names(o.processors)},
                        {"cores", o.cores},
                        {"witness", t.IndexOf(o.witness)}});
  }
  nlohmann::json mismatches = nlohmann::json::array();
  for (const TeamMismatch& m : report.team_mismatches) {
    mismatches.push_back({{"team", m.team},
                          {"a", m.a},
                          {"b", m.b},
                          {"processors", IndexesJson(m.processors, t)},
                          {"witness", t.IndexOf(m.witness)}});
  }
  return {{"host", report.host},
          {"topology", TopologyJson(t, report.topology_assumed)},
          {"adapters", adapters},
          {"overlaps", overlaps},
          {"team_mismatches", mismatches}};
}

}  // namespace vmqkit::solver
