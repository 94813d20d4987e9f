#include "admin/diagnosis.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace vmqkit::admin {
namespace {

constexpr std::string_view kKb =
    "KB 2681638 (seed 000): VLAN guests lose connectivity in live migration when VMQ is on at "
    "the host network and off at the virtual network (paraphrased from the Japanese seed)";
constexpr std::string_view kPerf = "[PERF] Performance Tuning for Hyper-V Servers, dVMQ";
constexpr std::string_view kTeaming = "[WSD] nic-teaming/NIC-Teaming.md; [PERF]";

constexpr std::array<RuleText, 9> kRules{{
    {Rule::kKbCondition, "kb-2681638", Severity::kProblem,
     "VMQ is enabled on the host adapter and disabled (VmqWeight 0) on a vNIC that uses a VLAN",
     kKb},
    {Rule::kOverlap, "overlap", Severity::kProblem,
     "two adapters use a common core (per core, E-711): each needs its own set of cores", kPerf},
    {Rule::kSumOfQueuesDisjoint, "sum-of-queues-disjoint", Severity::kProblem,
     "Sum-of-Queues team members use a common core; their sets must not overlap", kTeaming},
    {Rule::kMinQueuesIdentical, "min-queues-identical", Severity::kProblem,
     "Min-Queues team members have different processor sets; they must be identical", kTeaming},
    {Rule::kEmptySet, "empty-set", Severity::kProblem,
     "the adapter's keywords leave it no processor (E-704)",
     "[WDD] standardized-inf-keywords-for-rss"},
    {Rule::kCore0InUse, "core-0", Severity::kAdvice,
     "the set uses core 0, which does most of the system's processing; start at core 1",
     "[WSD] nic-teaming/NIC-Teaming.md (\"Core 0 (logical processors 0 and 1)\"); [PERF]"},
    {Rule::kOddBase, "odd-base", Severity::kAdvice,
     "with hyper-threading the base should be a core's first logical processor (an even number "
     "with 2-way SMT); which LP an odd base uses is undocumented (E-701)",
     "[WSD] nic-teaming/NIC-Teaming.md"},
    {Rule::kNumaNodeExceeded, "numa-node", Severity::kAdvice,
     "the set spans NUMA nodes or has no processor on its preferred node (*NumaNodeId): the OS "
     "tries the preferred node's processors first",
     "[WDD] standardized-inf-keywords-for-rss (*NumaNodeId)"},
    {Rule::kMoreVnicsThanQueues, "queues", Severity::kAdvice,
     "more vNICs use VMQ on the switch than its adapter has queues; the rest share the default "
     "queue",
     "MSFT_NetAdapterVmqSettingData NumberOfReceiveQueues; [PERF] dVMQ"},
}};

std::string Join(const std::vector<std::int64_t>& numbers) {
  return fmt::format("{}", fmt::join(numbers, ", "));
}

bool SameTeam(const spec::HostDescription& host, const std::string& a, const std::string& b,
              spec::TeamMode mode) {
  const spec::Team* ta = host.TeamOf(a);
  return ta != nullptr && ta == host.TeamOf(b) && ta->mode == mode;
}

void SetFindings(const spec::HostDescription& host, const spec::HostTopology& t, Diagnosis& d) {
  for (const solver::Overlap& o : d.overlap.overlaps) {
    const bool team = SameTeam(host, o.a, o.b, spec::TeamMode::kSumOfQueues);
    d.findings.push_back({team ? Rule::kSumOfQueuesDisjoint : Rule::kOverlap,
                          {o.a, o.b},
                          fmt::format("{} and {} share core{} {}", o.a, o.b,
                                      o.cores.size() == 1 ? "" : "s", Join(o.cores))});
  }
  for (const solver::TeamMismatch& m : d.overlap.team_mismatches) {
    d.findings.push_back({Rule::kMinQueuesIdentical,
                          {m.a, m.b},
                          fmt::format("team {}: {} and {} differ", m.team, m.a, m.b)});
  }
  for (const solver::AdapterSetReport& a : d.overlap.adapters) {
    if (a.set.empty_reason) {
      d.findings.push_back(
          {Rule::kEmptySet, {a.subkey}, std::string(spec::ToString(*a.set.empty_reason))});
      continue;
    }
    const std::vector<std::int64_t> cores = spec::CoresOf(a.set, t);
    if (!cores.empty() && cores.front() == 0) {
      d.findings.push_back(
          {Rule::kCore0InUse,
           {a.subkey},
           fmt::format("{} uses core 0 (base {})", a.subkey, spec::ToString(a.keywords.Base()))});
    }
    if (t.smt > 1 && a.keywords.base_number % t.smt != 0) {
      d.findings.push_back(
          {Rule::kOddBase,
           {a.subkey},
           fmt::format("{}: base {} is thread {} of core {}", a.subkey,
                       spec::ToString(a.keywords.Base()), a.keywords.base_number % t.smt,
                       t.CoreOf(a.keywords.Base()))});
    }
    std::vector<std::int64_t> nodes;
    for (const spec::ProcessorNumber& p : a.set.processors) nodes.push_back(t.NumaNodeOf(p));
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    if (nodes.size() > 1 || a.set.misses_preferred_numa_node) {
      d.findings.push_back({Rule::kNumaNodeExceeded,
                            {a.subkey},
                            nodes.size() > 1
                                ? fmt::format("{} spans NUMA nodes {}", a.subkey, Join(nodes))
                                : fmt::format("{} has no processor on its preferred node {}",
                                              a.subkey, a.keywords.numa_node)});
    }
  }
}

// The host adapters behind a virtual switch: Get-VMSwitch's interface descriptions when it lists
// the switch (E-713), else the adapter whose Name is the switch's name. Empty: not known.
std::vector<const formats::PsAdapter*> AdaptersOfSwitch(const formats::AdminHost& admin,
                                                        const std::string& switch_name,
                                                        bool& listed) {
  std::vector<const formats::PsAdapter*> out;
  listed = false;
  for (const formats::PsVmSwitch& sw : admin.switches) {
    if (sw.name != switch_name) continue;
    listed = true;
    for (const formats::PsAdapter& a : admin.adapters) {
      if (std::find(sw.interface_descriptions.begin(), sw.interface_descriptions.end(),
                    a.interface_description) != sw.interface_descriptions.end()) {
        out.push_back(&a);
      }
    }
  }
  if (listed) return out;
  for (const formats::PsAdapter& a : admin.adapters) {
    if (a.name == switch_name) out.push_back(&a);
  }
  return out;
}

void SetAdminFindings(const formats::AdminHost& admin, Diagnosis& d) {
  // The KB's condition: VMQ on at a host adapter, a VLAN vNIC with VMQ off. A vNIC is matched to
  // the adapters behind its switch when they are known, else to every VMQ adapter.
  for (const formats::PsVmNic& nic : admin.vnics) {
    if (!nic.vlan_id || nic.vmq_weight != 0 || nic.vm_name.empty()) continue;
    bool listed = false;
    const std::vector<const formats::PsAdapter*> behind =
        AdaptersOfSwitch(admin, nic.switch_name, listed);
    std::vector<std::string> on;
    for (const formats::PsAdapter* a : behind) {
      if (a->from_vmq && a->enabled) on.push_back(a->subkey);
    }
    if (behind.empty() && !listed) {
      for (const formats::PsAdapter& a : admin.adapters) {
        if (a.from_vmq && a.enabled) on.push_back(a.subkey);
      }
    }
    if (on.empty()) continue;
    d.findings.push_back(
        {Rule::kKbCondition, on,
         fmt::format("VM {} vNIC \"{}\" on switch \"{}\": VLAN {}, VmqWeight 0, while VMQ is "
                     "enabled on {} ({})",
                     nic.vm_name, nic.name, nic.switch_name, *nic.vlan_id, fmt::join(on, ", "),
                     ToString(nic.where))});
  }
  std::map<std::string, std::int64_t> users;  // switch -> vNICs with VmqWeight > 0
  for (const formats::PsVmNic& nic : admin.vnics) {
    if (nic.vmq_weight > 0 && !nic.switch_name.empty()) ++users[nic.switch_name];
  }
  for (const formats::PsAdapter& a : admin.adapters) {  // in registry order
    for (const auto& [switch_name, count] : users) {
      bool listed = false;
      const std::vector<const formats::PsAdapter*> behind =
          AdaptersOfSwitch(admin, switch_name, listed);
      if (std::find(behind.begin(), behind.end(), &a) == behind.end()) continue;
      if (!a.from_vmq || !a.queues || count <= *a.queues) continue;
      d.findings.push_back({Rule::kMoreVnicsThanQueues,
                            {a.subkey},
                            fmt::format("switch \"{}\": {} vNICs use VMQ, {} has {} queues",
                                        switch_name, count, a.subkey, *a.queues)});
    }
  }
}

}  // namespace

std::span<const RuleText> DiagnosisRules() {
  return kRules;
}

const RuleText& Describe(Rule rule) {
  for (const RuleText& r : kRules) {
    if (r.rule == rule) return r;
  }
  return kRules.front();
}

bool Diagnosis::ok() const {
  return std::none_of(findings.begin(), findings.end(), [](const Finding& f) {
    return Describe(f.rule).severity == Severity::kProblem;
  });
}

Result<Diagnosis> Diagnose(const std::string& host_name, const spec::HostDescription& host,
                           const std::optional<formats::AdminHost>& admin,
                           const spec::HostTopology& topology, bool topology_assumed) {
  Diagnosis d;
  d.host = host_name;
  d.topology = topology;
  d.topology_assumed = topology_assumed;
  d.admin = admin;
  d.overlap = solver::MakeHostOverlapReport(host_name, host, topology, topology_assumed);
  if (admin) SetAdminFindings(*admin, d);
  SetFindings(host, topology, d);
  // Problems first, in the table's order; stable within a rule.
  std::stable_sort(d.findings.begin(), d.findings.end(), [](const Finding& a, const Finding& b) {
    return static_cast<int>(a.rule) < static_cast<int>(b.rule);
  });
  if (!d.ok()) {
    Result<solver::AdviceReport> fix =
        solver::MakeAdviceReport(host_name, host, topology, topology_assumed, false);
    if (!fix) return fix.error();
    d.fix = std::move(*fix);
  }
  return d;
}

}  // namespace vmqkit::admin
