#include "spec/host_topology.h"

#include <fmt/format.h>

#include "spec/keyword_catalog.h"

namespace vmqkit::spec {

std::string ToString(const ProcessorNumber& p) {
  return fmt::format("{}:{}", p.group, p.number);
}

std::int64_t HostTopology::NumaNodeOf(const ProcessorNumber& p) const {
  // Nodes split the host's cores evenly in processor order (ValidateTopology checks they can).
  const std::int64_t cores = ProcessorCount() / smt;
  return CoreOf(p) / (cores / numa_nodes);
}

Result<HostTopology> ValidateTopology(const HostTopology& t, const SourcePos& where) {
  auto fail = [&](const std::string& message) -> Result<HostTopology> {
    return InputError(where, "host topology: " + message);
  };
  if (t.groups < 1 || t.groups > kMaximumGroups) {
    return fail(
        fmt::format("groups must be 1..{} (MAXIMUM_GROUPS), not {}", kMaximumGroups, t.groups));
  }
  if (t.lps_per_group < 1 || t.lps_per_group > kMaximumProcPerGroup) {
    return fail(
        fmt::format("logical processors per group must be 1..{} (MAXIMUM_PROC_PER_GROUP), not {}",
                    kMaximumProcPerGroup, t.lps_per_group));
  }
  if (!IsSmtWidth(t.smt)) {
    return fail(fmt::format("SMT width must be 1, 2, 4 or {}, not {}", kMaxSmtWidth, t.smt));
  }
  if (t.lps_per_group % t.smt != 0) {
    return fail(
        fmt::format("{} logical processors per group is not a whole number of {}-thread cores",
                    t.lps_per_group, t.smt));
  }
  const std::int64_t cores = t.ProcessorCount() / t.smt;
  if (t.numa_nodes < 1 || t.numa_nodes > cores || cores % t.numa_nodes != 0) {
    return fail(fmt::format("{} NUMA nodes cannot split {} cores evenly", t.numa_nodes, cores));
  }
  return t;
}

std::string Describe(const HostTopology& t) {
  return fmt::format("{} group{} x {} LPs, SMT {}, {} NUMA node{}", t.groups,
                     t.groups == 1 ? "" : "s", t.lps_per_group, t.smt, t.numa_nodes,
                     t.numa_nodes == 1 ? "" : "s");
}

}  // namespace vmqkit::spec
