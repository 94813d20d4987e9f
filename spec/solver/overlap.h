#pragma once
// The overlap check of [PERF] ("do not configure dVMQ to use overlapping processor sets") and of
// the seed KB ("no overlapping RSS processors"), plus the NIC-team rules, over the Z3 set encoding.
#include <cstdint>
#include <string>
#include <vector>

#include "spec/host_description.h"
#include "spec/host_topology.h"
#include "spec/processor_set.h"

namespace vmqkit::solver {

struct AdapterSetInput {
  std::string subkey;
  spec::RssProcessorKeywords keywords;
};

// Two adapters whose sets use a common core (per core, not per logical processor: [PERF] "its
// own set of cores", docs/errata.md E-711): the shared cores (HostTopology::CoreOf), the
// processors of either set on them, and the solver's witness (a processor of `a` on a core where
// `b` has a processor).
struct Overlap {
  std::string a;
  std::string b;
  std::vector<spec::ProcessorNumber> processors;
  spec::ProcessorNumber witness;
  std::vector<std::int64_t> cores;
};

// A Min-Queues team whose members' sets differ ([WSD] NIC-Teaming: "must be identical"): the
// processors in one set but not the other, and the solver's witness.
struct TeamMismatch {
  std::string team;
  std::string a;
  std::string b;
  std::vector<spec::ProcessorNumber> processors;
  spec::ProcessorNumber witness;
};

struct OverlapReport {
  std::vector<spec::ProcessorSet> sets;  // per input adapter, same order
  std::vector<Overlap> overlaps;
  std::vector<TeamMismatch> team_mismatches;
  bool ok() const { return overlaps.empty() && team_mismatches.empty(); }
};

// Members of one Min-Queues team are expected to share their set and are not reported as
// overlapping each other; every other pair must be disjoint (Sum-of-Queues members included).
OverlapReport CheckOverlap(const std::vector<AdapterSetInput>& adapters,
                           const spec::HostTopology& topology,
                           const std::vector<spec::Team>& teams);

}  // namespace vmqkit::solver
