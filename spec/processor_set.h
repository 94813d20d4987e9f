#pragma once
// The processors an adapter's RSS/VMQ may use, from its standardized keywords and the host topology
// ([WDD] standardized-inf-keywords-for-rss; [PERF] dVMQ and hyper-threading). The rules themselves
// are in spec/processor_set_rules.h; this is their integer instance plus reading the keywords.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/host_topology.h"
#include "spec/keyword_reader.h"

namespace vmqkit::spec {

// The effective keyword values NDIS derives the set from (defaults applied, see KeywordReader).
struct RssProcessorKeywords {
  std::int64_t base_group = 0;   // *RssBaseProcGroup
  std::int64_t base_number = 0;  // *RssBaseProcNumber
  // *RssMaxProcGroup:*RssMaxProcNumber, or none when neither keyword is present (E-702).
  std::optional<ProcessorNumber> max;
  std::int64_t max_processors = 16;  // *MaxRssProcessors
  std::int64_t numa_node = 65535;    // *NumaNodeId; 65535 = any node

  ProcessorNumber Base() const { return {base_group, base_number}; }
  friend bool operator==(const RssProcessorKeywords&, const RssProcessorKeywords&) = default;
};

// Reads the six keywords with NdisParameterInteger semantics; the reader collects diagnostics.
RssProcessorKeywords ReadProcessorKeywords(KeywordReader& reader);

// Why a set is empty; the only cases the rules allow (proved in spec/solver/tests, E-704).
enum class EmptySetReason : std::uint8_t {
  kBaseBeyondHost,  // no processor of the host is at or after the base
  kMaxBelowBase,    // the max processor comes before the first host processor at or after base
};
std::string_view ToString(EmptySetReason reason);

struct ProcessorSet {
  std::vector<ProcessorNumber> processors;  // ascending PROCESSOR_NUMBER order
  std::optional<EmptySetReason> empty_reason;
  // *NumaNodeId names a node of the host but the set has none of its processors (the OS only
  // "tries first" that node: [WDD] standardized-inf-keywords-for-rss, E-705).
  bool misses_preferred_numa_node = false;

  bool Contains(const ProcessorNumber& p) const;
};

ProcessorSet ComputeProcessorSet(const RssProcessorKeywords& keywords,
                                 const HostTopology& topology);

// The processors two sets share, ascending.
std::vector<ProcessorNumber> Intersection(const ProcessorSet& a, const ProcessorSet& b);

// The cores a set uses (HostTopology::CoreOf), ascending. Windows numbers a core's logical
// processors consecutively: with 2-way SMT core 0 is LPs 0 and 1 ([WSD] NIC-Teaming.md "Core 0
// (logical processors 0 and 1)").
std::vector<std::int64_t> CoresOf(const ProcessorSet& set, const HostTopology& topology);

// The cores both sets use, ascending. Overlap is judged per core, not per logical processor:
// [PERF] dVMQ: each NIC needs "its own set of cores"; two hyper-threads of one core share its
// execution engine ([WDD] introduction-to-receive-side-scaling). docs/errata.md E-711.
std::vector<std::int64_t> SharedCores(const ProcessorSet& a, const ProcessorSet& b,
                                      const HostTopology& topology);

// The processors of either set that lie on `cores`, ascending (what `overlap` prints).
std::vector<ProcessorNumber> ProcessorsOnCores(const ProcessorSet& a, const ProcessorSet& b,
                                               const std::vector<std::int64_t>& cores,
                                               const HostTopology& topology);

}  // namespace vmqkit::spec
