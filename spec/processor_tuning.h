#pragma once
// The tuning rules for RSS/VMQ processor sets that are advice, not NDIS behaviour: the seed KB's
// processor counts, Microsoft's Hyper-V tuning guidance. One table, read by the advisor
// (spec/solver/advisor), `vmqkit advise --help` and docs/processors.md.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/host_description.h"

namespace vmqkit::spec {

// KB 2681638 (seed 000): "*MaxRssProcessors 1" for a 1 Gbps adapter, "3" for a 10 Gbps adapter.
// Speeds between and above are mapped by the 10 Gbps threshold VMSMP's TenGigVmqEnabled /
// BelowTenGigVmqEnabled split uses (docs/errata.md E-707).
struct KbProcessorCount {
  std::uint64_t from_bps;  // link speeds at or above this
  std::int64_t processors;
};
inline constexpr std::array<KbProcessorCount, 2> kKbProcessorCounts{{
    {0, 1},
    {10'000'000'000ULL, 3},
}};
std::int64_t KbProcessorCountFor(std::uint64_t link_speed_bps);

// [PERF] "the maximum number of cores per virtual machine that dVMQ will use is 16".
inline constexpr std::int64_t kMaxVmqProcessorsPerAdapter = 16;

enum class TuningRule : std::uint8_t {
  kSkipCore0,      // [PERF] avoid core 0 (default queue, root partition work)
  kOneLpPerCore,   // [PERF] + [WSD] NIC-Teaming: base on the first LP of a core ("even number")
  kAtMost16,       // [PERF] dVMQ uses at most 16 processors
  kDisjointSets,   // [PERF] "do not configure dVMQ to use overlapping processor sets"
  kMinQueuesSame,  // [PERF] + [WSD] Min-Queues team members: identical sets
  kSumOfQueuesDisjoint,  // [PERF] + [WSD] Sum-of-Queues team members: non-overlapping sets
  kRequestedSize,        // the KB's count for the link speed, or the user's count
  kBaseInHost,           // the advised base is a processor of the host
  kOneNumaNode,          // the set lies in one NUMA node (when the host has several)
};
struct TuningRuleText {
  TuningRule rule;
  std::string_view id;  // how unsat cores name it
  std::string_view text;
  std::string_view source;
};
std::span<const TuningRuleText> TuningRules();
const TuningRuleText& Describe(TuningRule rule);

// The seed KB's command for one value: `reg add <class key>\<subkey> /v <name> /t REG_DWORD /d
// <value> /f`, with the class key's closing brace the KB text lacks (docs/errata.md E-709).
std::string KbRegAddCommand(std::string_view subkey, std::string_view value_name,
                            std::int64_t value);

// A PowerShell single-quoted string ('it''s'): the adapter names of Set-NetAdapterVmq -Name.
std::string PowerShellQuote(std::string_view text);

// How many processors an adapter should get: the user's count, else the KB's count for its link
// speed, else its current *MaxRssProcessors when the registry sets it (E-707).
struct SizeChoice {
  std::int64_t processors = 0;
  std::string why;
};
Result<SizeChoice> ChooseProcessorCount(const AdapterInfo& info, const AdapterKeywords& keywords);

}  // namespace vmqkit::spec
