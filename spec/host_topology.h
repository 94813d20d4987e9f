#pragma once
// The processors of a Windows host as NDIS numbers them: PROCESSOR_NUMBER {Group, Number}, groups
// of up to MAXIMUM_PROC_PER_GROUP logical processors ([DDI]
// miniport/ns-miniport-_processor_number), cores of `smt` logical processors each ([PERF] "one
// logical processor per core"), NUMA nodes.
#include <compare>
#include <cstdint>
#include <string>

#include "base/result.h"

namespace vmqkit::spec {

// PROCESSOR_NUMBER: group-relative numbering, as *RssBaseProcGroup:*RssBaseProcNumber spell it.
// Ordered the way the RSS page's example orders them: by group, then by number.
struct ProcessorNumber {
  std::int64_t group = 0;
  std::int64_t number = 0;
  friend auto operator<=>(const ProcessorNumber&, const ProcessorNumber&) = default;
};
std::string ToString(const ProcessorNumber& p);  // "1:16", the RSS page's notation

// A uniform host: every group holds the same number of logical processors and cores never straddle
// a group (Windows forms groups from whole NUMA nodes, so a core lies in one group). The flags
// `--groups --lps --smt --numa` and the JSON host description's "topology" fill it.
struct HostTopology {
  std::int64_t groups = 1;         // processor groups, 1..MAXIMUM_GROUPS
  std::int64_t lps_per_group = 1;  // logical processors per group, 1..MAXIMUM_PROC_PER_GROUP
  std::int64_t smt = 1;            // logical processors per core: 1 (no hyper-threading), 2, 4, 8
  std::int64_t numa_nodes = 1;     // NUMA nodes; each holds the same number of whole groups or the
                                   // same number of whole cores of one group

  std::int64_t ProcessorCount() const { return groups * lps_per_group; }
  bool Contains(const ProcessorNumber& p) const {
    return p.group >= 0 && p.group < groups && p.number >= 0 && p.number < lps_per_group;
  }
  // System-wide index (group * lps_per_group + number): the number `vmqkit overlap` prints, equal
  // to the processor number on a single-group host.
  std::int64_t IndexOf(const ProcessorNumber& p) const {
    return p.group * lps_per_group + p.number;
  }
  std::int64_t CoreOf(const ProcessorNumber& p) const { return IndexOf(p) / smt; }
  std::int64_t NumaNodeOf(const ProcessorNumber& p) const;

  friend bool operator==(const HostTopology&, const HostTopology&) = default;
};

// SMT widths accepted: hardware ships 1, 2, 4 and 8 threads per core (docs/errata.md E-706).
inline constexpr std::int64_t kMaxSmtWidth = 8;
inline constexpr bool IsSmtWidth(std::int64_t smt) {
  return smt == 1 || smt == 2 || smt == 4 || smt == 8;
}

// Checks the ranges and the uniformity assumptions; `what` names the input in the message.
Result<HostTopology> ValidateTopology(const HostTopology& topology, const SourcePos& where);

std::string Describe(const HostTopology& topology);  // "1 group x 16 LPs, SMT 2, 1 NUMA node"

}  // namespace vmqkit::spec
