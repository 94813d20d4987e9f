// The overlap check over the Z3 encoding: the seed KB's host, teams, and agreement with the model.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "formats/host_description.h"
#include "spec/solver/overlap.h"
#include "spec/solver/overlap_report.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::solver {
namespace {

std::vector<AdapterSetInput> InputsOf(const spec::HostDescription& host) {
  std::vector<AdapterSetInput> out;
  for (const spec::AdapterKeywords& k : spec::ReadAdapterKeywords(host.registry)) {
    out.push_back({k.subkey, k.keywords});
  }
  return out;
}

// examples/registry/seed-kb.reg: 0003 (1G) base 0 x1, 0007 and 0010 (10G) base 0 x3 each.
TEST(SeedKbOverlap, AllThreeAdaptersShareProcessor0) {
  const Result<spec::HostDescription> host = formats::LoadHostDescription(
      std::string(test::kSourceDir) + "/examples/registry/seed-kb.reg");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  const OverlapReport report = CheckOverlap(InputsOf(*host), spec::HostTopology{1, 16, 1, 1}, {});
  ASSERT_EQ(report.overlaps.size(), 3u);
  EXPECT_EQ(report.overlaps[0].a, "0003");
  EXPECT_EQ(report.overlaps[0].b, "0007");
  EXPECT_EQ(report.overlaps[0].processors, (std::vector<spec::ProcessorNumber>{{0, 0}}));
  EXPECT_EQ(report.overlaps[0].witness, (spec::ProcessorNumber{0, 0}));
  EXPECT_EQ(report.overlaps[2].a, "0007");
  EXPECT_EQ(report.overlaps[2].b, "0010");
  EXPECT_EQ(report.overlaps[2].processors,
            (std::vector<spec::ProcessorNumber>{{0, 0}, {0, 1}, {0, 2}}));
  EXPECT_FALSE(report.ok());
}

TEST(SeedKbOverlap, WithHyperThreadingTheTenGigSetsAre0_2_4) {
  const Result<spec::HostDescription> host = formats::LoadHostDescription(
      std::string(test::kSourceDir) + "/examples/hosts/seed-kb-host.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  const OverlapReport report = CheckOverlap(InputsOf(*host), *host->topology, host->teams);
  ASSERT_EQ(report.overlaps.size(), 3u);
  EXPECT_EQ(report.overlaps[2].processors,
            (std::vector<spec::ProcessorNumber>{{0, 0}, {0, 2}, {0, 4}}));
}

// E-022: two 1 Gbps adapters at bases 0 and 4 without *MaxRssProcessors. On Windows Server 2012
// and later the default is 4 (MSI-X, 1GbE): sets 0-3 and 4-7, no overlap. On 2008 R2 it is 8, and
// they share 4-7. Assuming 16 for every adapter (what overlap did before) reports a false overlap.
TEST(SeedKbOverlap, E022_TheDefaultMaxRssProcessorsDecidesTheVerdict) {
  const auto host = [](const char* release) {
    return formats::ParseHostDescriptionJson(
        std::string(R"({"windows": ")") + release + R"(", "topology": {"lps_per_group": 16},
        "adapters": {"0001": {"link_speed_gbps": 1, "registry": {"*RssBaseProcNumber": 0}},
                     "0002": {"link_speed_gbps": 1, "registry": {"*RssBaseProcNumber": 4}}}})",
        "h.json");
  };
  const Result<spec::HostDescription> w2012 = host("2012");
  ASSERT_TRUE(w2012.ok()) << ToString(w2012.error());
  const HostOverlapReport clean = MakeHostOverlapReport("h.json", *w2012, *w2012->topology, false);
  EXPECT_TRUE(clean.ok());
  ASSERT_EQ(clean.adapters.size(), 2u);
  EXPECT_EQ(clean.adapters[0].set.processors.size(), 4u);
  EXPECT_NE(ToText(clean).find("*MaxRssProcessors 4 (default: Windows Server 2012, 1 Gbps"),
            std::string::npos)
      << ToText(clean);

  const Result<spec::HostDescription> w2008 = host("2008r2");
  ASSERT_TRUE(w2008.ok()) << ToString(w2008.error());
  const HostOverlapReport overlapping =
      MakeHostOverlapReport("h.json", *w2008, *w2008->topology, false);
  ASSERT_EQ(overlapping.overlaps.size(), 1u);
  EXPECT_EQ(overlapping.overlaps[0].processors.size(), 4u);  // 4..7
}

TEST(TeamRules, TeamedExampleHostIsClean) {
  const Result<spec::HostDescription> host = formats::LoadHostDescription(
      std::string(test::kSourceDir) + "/examples/hosts/teamed-host.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  const OverlapReport report = CheckOverlap(InputsOf(*host), *host->topology, host->teams);
  EXPECT_TRUE(report.overlaps.empty());
  EXPECT_TRUE(report.team_mismatches.empty());
}

std::vector<AdapterSetInput> TwoAdapters(std::int64_t base_a, std::int64_t base_b) {
  spec::RssProcessorKeywords a;
  a.base_number = base_a;
  a.max_processors = 2;
  spec::RssProcessorKeywords b = a;
  b.base_number = base_b;
  return {{"A", a}, {"B", b}};
}

// E-711 (issue 19 point 13): A base 0 x3 and B base 5 x3 on 2-way SMT share core 2 (LPs 4, 5)
// though no logical processor; per-processor judging said "no overlap".
TEST(PerCoreOverlap, SharedCoreIsAnOverlapWithHyperThreading) {
  spec::RssProcessorKeywords a;
  a.max_processors = 3;
  spec::RssProcessorKeywords b = a;
  b.base_number = 5;
  const OverlapReport report =
      CheckOverlap({{"A", a}, {"B", b}}, spec::HostTopology{1, 16, 2, 1}, {});
  ASSERT_EQ(report.overlaps.size(), 1u);
  EXPECT_EQ(report.overlaps[0].cores, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(report.overlaps[0].processors, (std::vector<spec::ProcessorNumber>{{0, 4}, {0, 5}}));
  EXPECT_EQ(report.overlaps[0].witness, (spec::ProcessorNumber{0, 4}));
  b.base_number = 6;  // 6, 8, 10: cores 3, 4, 5
  EXPECT_TRUE(CheckOverlap({{"A", a}, {"B", b}}, spec::HostTopology{1, 16, 2, 1}, {}).ok());
}

TEST(TeamRules, MinQueuesMembersMustBeIdentical) {
  const spec::Team team{"T", spec::TeamMode::kMinQueues, {"A", "B"}};
  const spec::HostTopology host{1, 16, 1, 1};
  EXPECT_TRUE(CheckOverlap(TwoAdapters(4, 4), host, {team}).ok());
  const OverlapReport report = CheckOverlap(TwoAdapters(4, 5), host, {team});
  ASSERT_EQ(report.team_mismatches.size(), 1u);
  EXPECT_EQ(report.team_mismatches[0].processors,
            (std::vector<spec::ProcessorNumber>{{0, 4}, {0, 6}}));
  const spec::ProcessorNumber w = report.team_mismatches[0].witness;
  EXPECT_TRUE((w == spec::ProcessorNumber{0, 4} || w == spec::ProcessorNumber{0, 6}));
  EXPECT_TRUE(report.overlaps.empty());
}

TEST(TeamRules, SumOfQueuesMembersMustBeDisjoint) {
  const spec::Team team{"T", spec::TeamMode::kSumOfQueues, {"A", "B"}};
  const spec::HostTopology host{1, 16, 1, 1};
  EXPECT_EQ(CheckOverlap(TwoAdapters(4, 4), host, {team}).overlaps.size(), 1u);
  EXPECT_TRUE(CheckOverlap(TwoAdapters(4, 6), host, {team}).ok());
}

// The encoding's sets and overlaps equal the model's (spec::ComputeProcessorSet, SharedCores).
RC_GTEST_PROP(OverlapEncoding, SetsAndOverlapsEqualTheModel, ()) {
  const std::int64_t smt = *rc::gen::element<std::int64_t>(1, 2);
  const spec::HostTopology host{*rc::gen::inRange<std::int64_t>(1, 3),
                                smt * *rc::gen::inRange<std::int64_t>(1, 64 / smt + 1), smt, 1};
  const int count = *rc::gen::inRange(2, 5);
  std::vector<AdapterSetInput> adapters;
  for (int i = 0; i < count; ++i) {
    spec::RssProcessorKeywords k;
    k.base_group = *rc::gen::inRange<std::int64_t>(0, 3);
    k.base_number = *rc::gen::inRange<std::int64_t>(0, 64);
    if (*rc::gen::arbitrary<bool>()) {
      k.max = spec::ProcessorNumber{*rc::gen::inRange<std::int64_t>(0, 3),
                                    *rc::gen::inRange<std::int64_t>(0, 64)};
    }
    k.max_processors = *rc::gen::inRange<std::int64_t>(1, 40);
    adapters.push_back({std::to_string(i), k});
  }
  const OverlapReport report = CheckOverlap(adapters, host, {});
  std::size_t expected_overlaps = 0;
  for (int i = 0; i < count; ++i) {
    RC_ASSERT(
        report.sets[static_cast<std::size_t>(i)].processors ==
        spec::ComputeProcessorSet(adapters[static_cast<std::size_t>(i)].keywords, host).processors);
    for (int j = i + 1; j < count; ++j) {
      const spec::ProcessorSet a =
          spec::ComputeProcessorSet(adapters[static_cast<std::size_t>(i)].keywords, host);
      const spec::ProcessorSet b =
          spec::ComputeProcessorSet(adapters[static_cast<std::size_t>(j)].keywords, host);
      const std::vector<std::int64_t> cores = spec::SharedCores(a, b, host);
      if (cores.empty()) continue;
      RC_ASSERT(expected_overlaps < report.overlaps.size());
      const Overlap& o = report.overlaps[expected_overlaps++];
      RC_ASSERT(o.cores == cores);
      RC_ASSERT(o.processors == spec::ProcessorsOnCores(a, b, cores, host));
      RC_ASSERT(a.Contains(o.witness));
      RC_ASSERT(std::find(cores.begin(), cores.end(), host.CoreOf(o.witness)) != cores.end());
    }
  }
  RC_ASSERT(report.overlaps.size() == expected_overlaps);
}

}  // namespace
}  // namespace vmqkit::solver
