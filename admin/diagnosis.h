#pragma once
// `vmqkit diagnose`: what is wrong with a Hyper-V host's VMQ/RSS configuration, each finding with
// the rule it breaks and that rule's source, and the fix (the advisor's assignment). The rules are
// one table (DiagnosisRules), read by the diagnosis, its report, `vmqkit diagnose --help` and
// docs/admin.md.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "formats/admin_host.h"
#include "spec/host_topology.h"
#include "spec/solver/advice_report.h"
#include "spec/solver/overlap_report.h"

namespace vmqkit::admin {

// A problem makes `diagnose` exit 1; advice is the tuning guidance's "should" (printed, exit 0).
enum class Severity : std::uint8_t { kProblem, kAdvice };

enum class Rule : std::uint8_t {
  kKbCondition,          // seed KB: VMQ on at the host NIC, off (VmqWeight 0) for a VLAN vNIC
  kOverlap,              // two adapters use a common core
  kSumOfQueuesDisjoint,  // Sum-of-Queues team members use a common core
  kMinQueuesIdentical,   // Min-Queues team members' sets differ
  kEmptySet,             // an adapter's keywords leave it no processor
  kCore0InUse,           // a set uses core 0
  kOddBase,              // with SMT, the base is not a core's first logical processor
  kNumaNodeExceeded,     // a set spans NUMA nodes, or misses its preferred node
  kMoreVnicsThanQueues,  // more VMQ-using vNICs on a switch than its adapter has queues
};

struct RuleText {
  Rule rule;
  std::string_view id;
  Severity severity;
  std::string_view text;
  std::string_view source;
};
std::span<const RuleText> DiagnosisRules();
const RuleText& Describe(Rule rule);

struct Finding {
  Rule rule;
  std::vector<std::string> adapters;  // subkeys (or vNIC names for the KB condition)
  std::string detail;                 // what was seen
};

struct Diagnosis {
  std::string host;  // as the user named it
  spec::HostTopology topology;
  bool topology_assumed = false;
  solver::HostOverlapReport overlap;
  std::vector<Finding> findings;
  // The fix: the advisor's assignment for every adapter (or the rules that cannot all hold);
  // present when any problem was found.
  std::optional<solver::AdviceReport> fix;
  std::optional<formats::AdminHost> admin;  // what the PowerShell output said, when it was read
  bool ok() const;                          // no finding of severity problem
};

// `admin` may be absent (a .reg or JSON host): the KB condition and the queue count then go
// unchecked, and the report says so.
Result<Diagnosis> Diagnose(const std::string& host_name, const spec::HostDescription& host,
                           const std::optional<formats::AdminHost>& admin,
                           const spec::HostTopology& topology, bool topology_assumed);

}  // namespace vmqkit::admin
