// The RSS/VMQ processor set of the model (spec/processor_set.h) and the tuning rules.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>

#include "spec/host_description.h"
#include "spec/processor_set.h"
#include "spec/processor_tuning.h"

namespace vmqkit::spec {
namespace {

HostTopology Host(std::int64_t groups, std::int64_t lps, std::int64_t smt = 1) {
  return HostTopology{groups, lps, smt, 1};
}

RssProcessorKeywords Keywords(ProcessorNumber base, std::int64_t count,
                              std::optional<ProcessorNumber> max = std::nullopt) {
  RssProcessorKeywords k;
  k.base_group = base.group;
  k.base_number = base.number;
  k.max = max;
  k.max_processors = count;
  return k;
}

std::vector<std::int64_t> Numbers(const ProcessorSet& set) {
  std::vector<std::int64_t> out;
  for (const ProcessorNumber& p : set.processors) out.push_back(p.number);
  return out;
}

// [WDD] standardized-inf-keywords-for-rss: base 1:16, max 3:8.
TEST(RssProcessorRange, DocumentedExampleBase1_16Max3_8) {
  const ProcessorSet set = ComputeProcessorSet(
      Keywords({1, 16}, kMaximumProcPerSystem, ProcessorNumber{3, 8}), Host(5, 64));
  for (ProcessorNumber out :
       {ProcessorNumber{0, 0}, {0, 32}, {1, 0}, {1, 15}, {3, 9}, {3, 31}, {4, 0}}) {
    EXPECT_FALSE(set.Contains(out)) << ToString(out);
  }
  for (ProcessorNumber in : {ProcessorNumber{1, 16}, {1, 31}, {2, 0}, {2, 63}, {3, 0}, {3, 8}}) {
    EXPECT_TRUE(set.Contains(in)) << ToString(in);
  }
  EXPECT_EQ(set.processors.size(), 48u + 64u + 9u);
}

TEST(MaxRssProcessors, CapsTheCountKeepingTheLowestProcessors) {
  EXPECT_EQ(Numbers(ComputeProcessorSet(Keywords({0, 2}, 3), Host(1, 16))),
            (std::vector<std::int64_t>{2, 3, 4}));
}

// [PERF]: 4 cores, 8 logical processors: "VMQ will use cores 0, 2, 4, and 6".
TEST(HyperThreading, UsesOneLogicalProcessorPerCore) {
  EXPECT_EQ(Numbers(ComputeProcessorSet(Keywords({0, 0}, 16), Host(1, 8, 2))),
            (std::vector<std::int64_t>{0, 2, 4, 6}));
}

// E-701: an odd base on a 2-way SMT host is itself used ("the first CPU that RSS can use") and
// the set continues one LP per core on the same thread.
TEST(HyperThreading, OddBaseUsesTheBaseThreadOfEachCore) {
  EXPECT_EQ(Numbers(ComputeProcessorSet(Keywords({0, 3}, 3), Host(1, 16, 2))),
            (std::vector<std::int64_t>{3, 5, 7}));
}

// Seed KB: "adapter A: *RssBaseProcNumber 0, *MaxRssProcessors 3 -> adapter B base 4".
TEST(SeedKbExample, AdapterBBase4IsDisjointWithoutHyperThreading) {
  const HostTopology host = Host(1, 16, 1);
  const ProcessorSet a = ComputeProcessorSet(Keywords({0, 0}, 3), host);
  const ProcessorSet b = ComputeProcessorSet(Keywords({0, 4}, 3), host);
  EXPECT_EQ(Numbers(a), (std::vector<std::int64_t>{0, 1, 2}));
  EXPECT_EQ(Numbers(b), (std::vector<std::int64_t>{4, 5, 6}));
  EXPECT_TRUE(Intersection(a, b).empty());
}

TEST(SeedKbExample, AdapterBBase4OverlapsOnProcessor4WithHyperThreading) {
  const HostTopology host = Host(1, 16, 2);
  const ProcessorSet a = ComputeProcessorSet(Keywords({0, 0}, 3), host);
  const ProcessorSet b = ComputeProcessorSet(Keywords({0, 4}, 3), host);
  EXPECT_EQ(Numbers(a), (std::vector<std::int64_t>{0, 2, 4}));
  EXPECT_EQ(Numbers(b), (std::vector<std::int64_t>{4, 6, 8}));
  EXPECT_EQ(Intersection(a, b), (std::vector<ProcessorNumber>{{0, 4}}));
}

// E-711 (issue 19 point 13): overlap is judged per core. With 2-way SMT, A at base 0 with 3
// processors uses 0, 2, 4 and B at base 5 uses 5, 7, 9: no common logical processor, but LPs 4
// and 5 are core 2 ([WSD] NIC-Teaming.md: core 0 is LPs 0 and 1).
TEST(PerCoreOverlap, Base0x3AndBase5ShareCore2WithHyperThreading) {
  const HostTopology host = Host(1, 16, 2);
  const ProcessorSet a = ComputeProcessorSet(Keywords({0, 0}, 3), host);
  const ProcessorSet b = ComputeProcessorSet(Keywords({0, 5}, 3), host);
  EXPECT_EQ(Numbers(b), (std::vector<std::int64_t>{5, 7, 9}));
  EXPECT_TRUE(Intersection(a, b).empty());
  EXPECT_EQ(SharedCores(a, b, host), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(ProcessorsOnCores(a, b, SharedCores(a, b, host), host),
            (std::vector<ProcessorNumber>{{0, 4}, {0, 5}}));
}

// Without SMT a core is one logical processor: per core equals per processor.
TEST(PerCoreOverlap, WithoutHyperThreadingCoresAreProcessors) {
  const HostTopology host = Host(1, 16, 1);
  const ProcessorSet a = ComputeProcessorSet(Keywords({0, 0}, 3), host);
  EXPECT_TRUE(SharedCores(a, ComputeProcessorSet(Keywords({0, 3}, 3), host), host).empty());
  EXPECT_EQ(SharedCores(a, ComputeProcessorSet(Keywords({0, 2}, 3), host), host),
            (std::vector<std::int64_t>{2}));
}

// Cores are counted across groups by the system-wide index (a core never straddles a group).
TEST(PerCoreOverlap, CoresOfASecondGroupFollowTheFirst) {
  const HostTopology host = Host(2, 8, 2);
  EXPECT_EQ(CoresOf(ComputeProcessorSet(Keywords({1, 2}, 2), host), host),
            (std::vector<std::int64_t>{5, 6}));
}

// E-700: a base number past the group's last processor starts at the next group.
TEST(RssProcessorRange, BaseNumberBeyondGroupStartsAtNextGroup) {
  const ProcessorSet set = ComputeProcessorSet(Keywords({0, 20}, 2), Host(2, 16));
  EXPECT_EQ(set.processors, (std::vector<ProcessorNumber>{{1, 0}, {1, 1}}));
}

// E-702: without *RssMaxProcGroup/*RssMaxProcNumber the set may run into later groups.
TEST(RssProcessorRange, NoMaxKeywordsMeansNoUpperBound) {
  const ProcessorSet set = ComputeProcessorSet(Keywords({0, 62}, 4), Host(2, 64));
  EXPECT_EQ(set.processors, (std::vector<ProcessorNumber>{{0, 62}, {0, 63}, {1, 0}, {1, 1}}));
}

// E-704: the two documented reasons for an empty set.
TEST(EmptyProcessorSet, BaseGroupBeyondHost) {
  const ProcessorSet set = ComputeProcessorSet(Keywords({2, 0}, 4), Host(2, 16));
  EXPECT_TRUE(set.processors.empty());
  EXPECT_EQ(set.empty_reason, EmptySetReason::kBaseBeyondHost);
}

TEST(EmptyProcessorSet, MaxBelowBase) {
  const ProcessorSet set =
      ComputeProcessorSet(Keywords({0, 8}, 4, ProcessorNumber{0, 7}), Host(1, 16));
  EXPECT_TRUE(set.processors.empty());
  EXPECT_EQ(set.empty_reason, EmptySetReason::kMaxBelowBase);
}

// E-705: *NumaNodeId is a preference; it never changes which processors are in the set.
TEST(NumaNodeId, IsReportedButDoesNotChangeTheSet) {
  RssProcessorKeywords k = Keywords({0, 0}, 4);
  const HostTopology host{1, 16, 1, 2};
  const ProcessorSet any = ComputeProcessorSet(k, host);
  k.numa_node = 1;
  const ProcessorSet preferred = ComputeProcessorSet(k, host);
  EXPECT_EQ(any.processors, preferred.processors);
  EXPECT_FALSE(any.misses_preferred_numa_node);
  EXPECT_TRUE(preferred.misses_preferred_numa_node);
}

// KB 2681638: 1 processor for 1 Gbps, 3 for 10 Gbps (E-707 for other speeds).
TEST(KbProcessorCount, OneFor1GbpsThreeFor10Gbps) {
  EXPECT_EQ(KbProcessorCountFor(1'000'000'000ULL), 1);
  EXPECT_EQ(KbProcessorCountFor(10'000'000'000ULL), 3);
  EXPECT_EQ(KbProcessorCountFor(2'500'000'000ULL), 1);
  EXPECT_EQ(KbProcessorCountFor(25'000'000'000ULL), 3);
}

// E-709: the KB's command with the class GUID's closing brace.
TEST(KbRegAdd, RegFormatIsTheKbsFormWithTheClosingBrace) {
  EXPECT_EQ(
      KbRegAddCommand("0007", "*MaxRssProcessors", 3),
      "reg add HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\"
      "{4D36E972-E325-11CE-BFC1-08002BE10318}\\0007 /v *MaxRssProcessors /t REG_DWORD /d 3 /f");
}

// Invariants of the rules, on random keywords and topologies.
RC_GTEST_PROP(ProcessorSetInvariants, WithinHostAtMostMaxNeverBelowBaseOneLpPerCore, ()) {
  const std::int64_t smt = *rc::gen::element<std::int64_t>(1, 2, 4);
  const HostTopology host{*rc::gen::inRange<std::int64_t>(1, 5),
                          smt * *rc::gen::inRange<std::int64_t>(1, 64 / smt + 1), smt, 1};
  RssProcessorKeywords k;
  k.base_group = *rc::gen::inRange<std::int64_t>(0, kMaximumGroups);
  k.base_number = *rc::gen::inRange<std::int64_t>(0, kMaximumProcPerGroup);
  if (*rc::gen::arbitrary<bool>()) {
    k.max = ProcessorNumber{*rc::gen::inRange<std::int64_t>(0, kMaximumGroups),
                            *rc::gen::inRange<std::int64_t>(0, kMaximumProcPerGroup)};
  }
  k.max_processors = *rc::gen::inRange<std::int64_t>(1, 80);
  const ProcessorSet set = ComputeProcessorSet(k, host);
  RC_ASSERT(static_cast<std::int64_t>(set.processors.size()) <= k.max_processors);
  RC_ASSERT(std::is_sorted(set.processors.begin(), set.processors.end()));
  for (std::size_t i = 0; i < set.processors.size(); ++i) {
    const ProcessorNumber& p = set.processors[i];
    RC_ASSERT(host.Contains(p));
    RC_ASSERT(p >= k.Base());
    if (k.max) RC_ASSERT(p <= *k.max);
    if (i > 0) RC_ASSERT(host.CoreOf(p) != host.CoreOf(set.processors[i - 1]));
  }
  RC_ASSERT(set.processors.empty() == set.empty_reason.has_value());
}

}  // namespace
}  // namespace vmqkit::spec
