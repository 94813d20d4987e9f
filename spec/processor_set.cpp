#include "spec/processor_set.h"

#include <algorithm>
#include <iterator>

#include "spec/processor_set_rules.h"

namespace vmqkit::spec {
namespace {

// The integer domain of the rules.
struct IntegerDomain {
  using Int = std::int64_t;
  using Bool = bool;
  static Int Const(std::int64_t v) { return v; }
  static Int If(Bool c, Int t, Int e) { return c ? t : e; }
  static Bool False() { return false; }
};

// The first host processor at or after `base` in PROCESSOR_NUMBER order, if any.
std::optional<ProcessorNumber> FirstHostProcessorFrom(const ProcessorNumber& base,
                                                      const HostTopology& t) {
  if (base.group < 0 || base.group >= t.groups) return std::nullopt;
  if (base.number < t.lps_per_group)
    return ProcessorNumber{base.group, std::max<std::int64_t>(base.number, 0)};
  if (base.group + 1 < t.groups) return ProcessorNumber{base.group + 1, 0};
  return std::nullopt;
}

}  // namespace

RssProcessorKeywords ReadProcessorKeywords(KeywordReader& reader) {
  RssProcessorKeywords k;
  k.base_group = reader.Read("*RssBaseProcGroup").value;
  k.base_number = reader.Read("*RssBaseProcNumber").value;
  const KeywordReading max_group = reader.Read("*RssMaxProcGroup");
  const KeywordReading max_number = reader.Read("*RssMaxProcNumber");
  // [WDD] standardized-inf-keywords-for-rss: "set *RssMaxProcGroup whenever *RssMaxProcNumber is
  // set"; with neither present there is no upper bound (E-702).
  if (max_group.origin != ValueOrigin::kDefault || max_number.origin != ValueOrigin::kDefault) {
    k.max = ProcessorNumber{max_group.value, max_number.value};
  }
  k.max_processors = reader.Read("*MaxRssProcessors").value;
  k.numa_node = reader.Read("*NumaNodeId").value;
  return k;
}

std::string_view ToString(EmptySetReason reason) {
  switch (reason) {
    case EmptySetReason::kBaseBeyondHost:
      return "no processor of the host is at or after the base processor";
    case EmptySetReason::kMaxBelowBase:
      return "the max processor (*RssMaxProcGroup:*RssMaxProcNumber) is below the base processor";
  }
  return "?";
}

bool ProcessorSet::Contains(const ProcessorNumber& p) const {
  return std::binary_search(processors.begin(), processors.end(), p);
}

ProcessorSet ComputeProcessorSet(const RssProcessorKeywords& k, const HostTopology& t) {
  const ProcessorNumber max = k.max.value_or(ProcessorNumber{0, 0});
  const ProcessorSetTerms<std::int64_t, bool> terms{
      k.base_group,     k.base_number, k.max.has_value(), max.group, max.number,
      k.max_processors, t.groups,      t.lps_per_group,   t.smt};
  const std::vector<bool> slots = ProcessorSetSlots(IntegerDomain{}, terms, t.groups);
  ProcessorSet set;
  for (std::size_t slot = 0; slot < slots.size(); ++slot) {
    if (!slots[slot]) continue;
    const auto s = static_cast<std::int64_t>(slot);
    set.processors.push_back({s / kMaximumProcPerGroup, s % kMaximumProcPerGroup});
  }
  if (set.processors.empty()) {
    const std::optional<ProcessorNumber> first = FirstHostProcessorFrom(k.Base(), t);
    set.empty_reason = first ? EmptySetReason::kMaxBelowBase : EmptySetReason::kBaseBeyondHost;
  }
  if (k.numa_node < t.numa_nodes && !set.processors.empty()) {
    set.misses_preferred_numa_node =
        std::none_of(set.processors.begin(), set.processors.end(),
                     [&](const ProcessorNumber& p) { return t.NumaNodeOf(p) == k.numa_node; });
  }
  return set;
}

std::vector<ProcessorNumber> Intersection(const ProcessorSet& a, const ProcessorSet& b) {
  std::vector<ProcessorNumber> out;
  std::set_intersection(a.processors.begin(), a.processors.end(), b.processors.begin(),
                        b.processors.end(), std::back_inserter(out));
  return out;
}

std::vector<std::int64_t> CoresOf(const ProcessorSet& set, const HostTopology& t) {
  std::vector<std::int64_t> cores;
  for (const ProcessorNumber& p : set.processors) cores.push_back(t.CoreOf(p));
  std::sort(cores.begin(), cores.end());
  cores.erase(std::unique(cores.begin(), cores.end()), cores.end());
  return cores;
}

std::vector<std::int64_t> SharedCores(const ProcessorSet& a, const ProcessorSet& b,
                                      const HostTopology& t) {
  const std::vector<std::int64_t> ca = CoresOf(a, t);
  const std::vector<std::int64_t> cb = CoresOf(b, t);
  std::vector<std::int64_t> out;
  std::set_intersection(ca.begin(), ca.end(), cb.begin(), cb.end(), std::back_inserter(out));
  return out;
}

std::vector<ProcessorNumber> ProcessorsOnCores(const ProcessorSet& a, const ProcessorSet& b,
                                               const std::vector<std::int64_t>& cores,
                                               const HostTopology& t) {
  std::vector<ProcessorNumber> out;
  for (const ProcessorSet* s : {&a, &b}) {
    for (const ProcessorNumber& p : s->processors) {
      if (std::binary_search(cores.begin(), cores.end(), t.CoreOf(p))) out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace vmqkit::spec
