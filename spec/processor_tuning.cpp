#include "spec/processor_tuning.h"

#include <fmt/format.h>

namespace vmqkit::spec {
namespace {

constexpr std::string_view kPerf = "[PERF] Performance Tuning for Hyper-V Servers, dVMQ";
constexpr std::string_view kTeaming = "[WSD] nic-teaming/NIC-Teaming.md; [PERF]";

constexpr std::array<TuningRuleText, 9> kRules{{
    {TuningRule::kSkipCore0, "skip-core-0",
     "no adapter uses a logical processor of core 0 (group 0)", kPerf},
    {TuningRule::kOneLpPerCore, "one-lp-per-core",
     "the base is the first logical processor of a core (an even number with 2-way SMT)",
     "[PERF]; [WSD] nic-teaming/NIC-Teaming.md"},
    {TuningRule::kAtMost16, "at-most-16", "at most 16 processors per adapter", kPerf},
    {TuningRule::kDisjointSets, "disjoint", "the two adapters' processor sets do not overlap",
     kPerf},
    {TuningRule::kMinQueuesSame, "min-queues-identical",
     "Min-Queues team members have identical base, count and processor set", kTeaming},
    {TuningRule::kSumOfQueuesDisjoint, "sum-of-queues-disjoint",
     "Sum-of-Queues team members have non-overlapping processor sets", kTeaming},
    {TuningRule::kRequestedSize, "size",
     "the adapter gets exactly its processor count (KB 2681638: 1 for 1 Gbps, 3 for 10 Gbps, or "
     "the count given), all of them processors of the host",
     "KB 2681638 (seed 000)"},
    {TuningRule::kBaseInHost, "base-in-host", "the base processor is a processor of the host",
     "[WDD] standardized-inf-keywords-for-rss"},
    {TuningRule::kOneNumaNode, "one-numa-node",
     "the set lies within one NUMA node (kept only when every adapter can have it, E-713)",
     "[WDD] standardized-inf-keywords-for-rss (*NumaNodeId: the preferred node's processors "
     "first)"},
}};

}  // namespace

std::int64_t KbProcessorCountFor(std::uint64_t link_speed_bps) {
  std::int64_t count = kKbProcessorCounts.front().processors;
  for (const KbProcessorCount& row : kKbProcessorCounts) {
    if (link_speed_bps >= row.from_bps) count = row.processors;
  }
  return count;
}

std::string KbRegAddCommand(std::string_view subkey, std::string_view value_name,
                            std::int64_t value) {
  return fmt::format("reg add {}\\{} /v {} /t REG_DWORD /d {} /f", kNetClassKey, subkey, value_name,
                     value);
}

std::string PowerShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::span<const TuningRuleText> TuningRules() {
  return kRules;
}

const TuningRuleText& Describe(TuningRule rule) {
  for (const TuningRuleText& r : kRules) {
    if (r.rule == rule) return r;
  }
  return kRules.front();
}

Result<SizeChoice> ChooseProcessorCount(const AdapterInfo& info, const AdapterKeywords& keywords) {
  if (info.processors) return SizeChoice{*info.processors, "given"};
  if (info.link_speed_bps) {
    return SizeChoice{KbProcessorCountFor(*info.link_speed_bps),
                      fmt::format("KB 2681638 count for {} Gbps",
                                  static_cast<double>(*info.link_speed_bps) / 1e9)};
  }
  if (keywords.max_processors_in_registry) {
    return SizeChoice{keywords.keywords.max_processors, "current *MaxRssProcessors"};
  }
  return UsageError("adapter " + info.subkey +
                    ": processor count unknown: give its link speed or count (--link-speed " +
                    info.subkey + "=10G, --processors " + info.subkey +
                    "=3, or \"link_speed_gbps\"/\"processors\" in a JSON host description)");
}

}  // namespace vmqkit::spec
