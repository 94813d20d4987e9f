#pragma once
// `vmqkit advise`: Z3 chooses *RssBaseProcGroup, *RssBaseProcNumber and *MaxRssProcessors for every
// adapter so that the KB's processor counts and the tuning rules of spec/processor_tuning.h hold.
// The choice is deterministic and packed: adapters in request order each get the lowest base the
// rules leave (Z3 Optimize, lexicographic objectives), and says why.
#include <optional>
#include <string>
#include <vector>

#include "spec/host_description.h"
#include "spec/host_topology.h"
#include "spec/processor_set.h"
#include "spec/processor_tuning.h"

namespace vmqkit::solver {

struct AdviceAdapter {
  std::string subkey;
  spec::RssProcessorKeywords current;  // the keywords the advice does not set stay as they are
  std::int64_t processors = 1;         // the count it must get (at least, with maximize)
};

struct AdviceRequest {
  spec::HostTopology topology;
  std::vector<AdviceAdapter> adapters;
  std::vector<spec::Team> teams;
  bool maximize = false;  // give each adapter as many processors as the rules allow
};

struct AdapterAdvice {
  std::string subkey;
  spec::RssProcessorKeywords keywords;  // current keywords with base and *MaxRssProcessors advised
  spec::ProcessorSet set;               // what NDIS makes of them (spec::ComputeProcessorSet)
  std::string why;                      // why this base: the rules that placed it
};

// One constraint of an unsat core: the rule, the adapters or team it was stated for, and text.
struct UnmetConstraint {
  spec::TuningRule rule;
  std::string id;  // e.g. "size(0007)=3", "disjoint(0003,0007)", "skip-core-0(0003)"
  std::string text;
};

struct AdviceOutcome {
  std::optional<std::vector<AdapterAdvice>> advice;  // in request order
  std::vector<UnmetConstraint> unsat_core;           // minimal: dropping any one makes it solvable
  bool numa_rule_dropped = false;  // one-numa-node could not hold for every adapter (E-713)
};

AdviceOutcome Advise(const AdviceRequest& request);

// The request for a host: every adapter's current keywords and processor count
// (spec::ChooseProcessorCount), its teams. Fails when an adapter's count is unknown.
Result<AdviceRequest> MakeAdviceRequest(const spec::HostDescription& host,
                                        const spec::HostTopology& topology, bool maximize);

// What the advice's `reg add` commands do to the registry: REG_DWORD *RssBaseProcGroup,
// *RssBaseProcNumber and *MaxRssProcessors written into each adapter's key.
void ApplyAdvice(const std::vector<AdapterAdvice>& advice, spec::HostRegistry& registry);

// The registry values the advice writes for one adapter, in the seed KB's order
// (*MaxRssProcessors, then *RssBaseProcNumber), *RssBaseProcGroup first when `with_group`.
struct AdvisedValue {
  std::string_view name;
  std::int64_t value;
};
std::vector<AdvisedValue> AdvisedValues(const AdapterAdvice& advice, bool with_group);

}  // namespace vmqkit::solver
