// `vmqkit overlap`: do any two adapters' RSS/VMQ processor sets overlap (seed KB, [PERF])?
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "cli/processor_options.h"
#include "spec/solver/overlap.h"

namespace vmqkit::cli {
namespace {

struct OverlapOptions {
  HostOptions host;
  bool json = false;
};

nlohmann::json Indexes(const std::vector<spec::ProcessorNumber>& ps, const spec::HostTopology& t) {
  nlohmann::json out = nlohmann::json::array();
  for (const spec::ProcessorNumber& p : ps) out.push_back(t.IndexOf(p));
  return out;
}

nlohmann::json Names(const std::vector<spec::ProcessorNumber>& ps) {
  nlohmann::json out = nlohmann::json::array();
  for (const spec::ProcessorNumber& p : ps) out.push_back(spec::ToString(p));
  return out;
}

std::string List(const std::vector<spec::ProcessorNumber>& ps, const spec::HostTopology& t) {
  std::vector<std::string> parts;
  for (const spec::ProcessorNumber& p : ps) {
    parts.push_back(t.groups == 1 ? std::to_string(p.number) : spec::ToString(p));
  }
  return parts.empty() ? "(none)" : fmt::format("{}", fmt::join(parts, ", "));
}

nlohmann::json TopologyJson(const spec::HostTopology& t, bool assumed) {
  return {{"groups", t.groups},
          {"lps_per_group", t.lps_per_group},
          {"smt", t.smt},
          {"numa_nodes", t.numa_nodes},
          {"assumed", assumed}};
}

void Run(const OverlapOptions& options, Outcome& outcome) {
  Result<LoadedHost> loaded = LoadHost(options.host);
  if (!loaded) {
    outcome.exit_code = ReportError(loaded.error());
    return;
  }
  const spec::HostDescription& host = loaded->description;
  const spec::HostTopology& t = loaded->topology;
  NoteAssumedTopology(*loaded, options.host);
  const std::vector<spec::AdapterKeywords> keywords = spec::ReadAdapterKeywords(host.registry);
  std::vector<solver::AdapterSetInput> inputs;
  for (const spec::AdapterKeywords& k : keywords) inputs.push_back({k.subkey, k.keywords});
  const solver::OverlapReport report = solver::CheckOverlap(inputs, t, host.teams);
  outcome.exit_code = report.ok() ? kExitOk : kExitFinding;

  if (options.json) {
    nlohmann::json adapters = nlohmann::json::array();
    for (std::size_t i = 0; i < keywords.size(); ++i) {
      const spec::RssProcessorKeywords& k = keywords[i].keywords;
      nlohmann::json a = {
          {"subkey", keywords[i].subkey},
          {"driver_desc", host.registry.adapters[i].driver_desc},
          {"base", spec::ToString(k.Base())},
          {"max", k.max ? nlohmann::json(spec::ToString(*k.max)) : nlohmann::json()},
          {"max_rss_processors", k.max_processors},
          {"processors", Indexes(report.sets[i].processors, t)},
          {"group_numbers", Names(report.sets[i].processors)}};
      const spec::ProcessorSet model = spec::ComputeProcessorSet(k, t);
      if (model.empty_reason) a["empty_reason"] = spec::ToString(*model.empty_reason);
      adapters.push_back(a);
    }
    nlohmann::json overlaps = nlohmann::json::array();
    for (const solver::Overlap& o : report.overlaps) {
      overlaps.push_back({{"a", o.a},
                          {"b", o.b},
                          {"processors", Indexes(o.processors, t)},
                          {"group_numbers", Names(o.processors)},
                          {"witness", t.IndexOf(o.witness)}});
    }
    nlohmann::json mismatches = nlohmann::json::array();
    for (const solver::TeamMismatch& m : report.team_mismatches) {
      mismatches.push_back({{"team", m.team},
                            {"a", m.a},
                            {"b", m.b},
                            {"processors", Indexes(m.processors, t)},
                            {"witness", t.IndexOf(m.witness)}});
    }
    std::cout << nlohmann::json{{"host", options.host.host},
                                {"topology", TopologyJson(t, loaded->topology_assumed)},
                                {"adapters", adapters},
                                {"overlaps", overlaps},
                                {"team_mismatches", mismatches}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << fmt::format("host {}: {}\n", options.host.host, spec::Describe(t));
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    const spec::RssProcessorKeywords& k = keywords[i].keywords;
    const std::string& desc = host.registry.adapters[i].driver_desc;
    std::cout << fmt::format("  {}{}: base {}{}, *MaxRssProcessors {} -> processors {}\n",
                             keywords[i].subkey, desc.empty() ? "" : " (" + desc + ")",
                             spec::ToString(k.Base()),
                             k.max ? ", max " + spec::ToString(*k.max) : "", k.max_processors,
                             List(report.sets[i].processors, t));
    const spec::ProcessorSet model = spec::ComputeProcessorSet(k, t);
    if (model.empty_reason) {
      std::cout << fmt::format("    empty: {}\n", spec::ToString(*model.empty_reason));
    }
    if (model.misses_preferred_numa_node) {
      std::cout << fmt::format("    note: no processor of the preferred NUMA node {}\n",
                               k.numa_node);
    }
  }
  for (const solver::Overlap& o : report.overlaps) {
    std::cout << fmt::format("overlap: {} and {} share processors {} (witness {})\n", o.a, o.b,
                             List(o.processors, t), spec::ToString(o.witness));
  }
  for (const solver::TeamMismatch& m : report.team_mismatches) {
    std::cout << fmt::format(
        "team {}: Min-Queues members {} and {} differ on processors {} (witness {}); their sets "
        "must be identical\n",
        m.team, m.a, m.b, List(m.processors, t), spec::ToString(m.witness));
  }
  if (report.ok()) std::cout << "no overlapping processor sets\n";
}

}  // namespace

void RegisterOverlap(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<OverlapOptions>();
  auto* cmd = app.add_subcommand(
      "overlap", "Find adapters whose RSS/VMQ processor sets overlap (exit 1 when any do)");
  AddHostOptions(*cmd, options->host, false);
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
