// The must-read / must-not-read table (spec/advertise_rules.cpp): its rows are well formed, each
// is reached by some input, the decision's lists are its union, and docs/advertise-rules.md is it.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "spec/advertise.h"
#include "spec/tests/registry_builder.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::spec {
namespace {

// Every hardware (with and without VLAN-id filtering and lookahead split), two NDIS versions, and
// every absent / 0 / 1 combination of the five keywords the decision tables read, plus
// *VMQLookaheadSplit both ways.
template <typename Visit>
void ForEveryInput(Visit visit) {
  constexpr std::array<std::string_view, 6> kNames{
      "*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQ", "*RSS", "*VMQLookaheadSplit"};
  int combinations = 1;
  for (std::size_t i = 0; i < kNames.size(); ++i) combinations *= 3;
  for (int hw = 0; hw < 32; ++hw) {  // RSS, VMQ, SR-IOV, VLAN-id filtering, lookahead split
    for (ndis::NdisVersion version : {ndis::kNdis620, ndis::kNdis630}) {
      for (int c = 0; c < combinations; ++c) {
        RegistryKey key = test::Key({});
        for (int i = 0, rest = c; i < static_cast<int>(kNames.size()); ++i, rest /= 3) {
          if (rest % 3 != 2)
            key.values.push_back(test::Value(std::string(kNames[i]), std::to_string(rest % 3)));
        }
        const AdvertiseInput input{
            {(hw & 1) != 0, (hw & 2) != 0, (hw & 4) != 0, (hw & 8) != 0, (hw & 16) != 0}, version};
        visit(input, DecideAdvertisement(input, key, RegistryKey{}));
      }
    }
  }
}

ReadRuleContext ContextOf(const AdvertiseInput& input, const AdvertiseDecision& d) {
  return {input.hardware, input.ndis, d.preference, d.interface};
}

TEST(AdvertiseReadRules, EveryRowIsReachedBySomeInput) {
  std::set<std::string_view> reached;
  ForEveryInput([&](const AdvertiseInput& input, const AdvertiseDecision& d) {
    for (const ReadRule& r : AdvertiseReadRules()) {
      if (Applies(r, ContextOf(input, d))) reached.insert(r.id);
    }
  });
  for (const ReadRule& r : AdvertiseReadRules()) EXPECT_TRUE(reached.contains(r.id)) << r.id;
}

TEST(AdvertiseReadRules, DecisionListsAreTheUnionOfTheApplyingRows) {
  ForEveryInput([&](const AdvertiseInput& input, const AdvertiseDecision& d) {
    const ReadObligations o = ApplyReadRules(ContextOf(input, d));
    EXPECT_EQ(d.must_read, o.must_read);
    EXPECT_EQ(d.must_not_read, o.must_not_read);
  });
}

TEST(AdvertiseReadRules, EveryMustReadKeywordIsAmongTheReadings) {
  ForEveryInput([&](const AdvertiseInput&, const AdvertiseDecision& d) {
    for (const std::string& name : d.must_read) {
      EXPECT_TRUE(std::any_of(d.readings.begin(), d.readings.end(),
                              [&](const KeywordReading& r) { return r.spec->name == name; }))
          << name << " in row " << d.row;
    }
  });
}

TEST(AdvertiseReadRules, RowsNameCatalogKeywordsOfTheirFamily) {
  std::set<std::string_view> ids;
  for (const ReadRule& r : AdvertiseReadRules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    for (std::string_view name : {r.keyword, r.except}) {
      if (name.empty()) continue;
      const KeywordSpec* k = FindKeyword(name);
      ASSERT_NE(k, nullptr) << r.id << ": " << name;
      EXPECT_EQ(k->family, r.family) << r.id << ": " << name;
    }
    EXPECT_TRUE(r.keyword.empty() || r.except.empty()) << r.id << ": an exception to one keyword";
    EXPECT_FALSE(CoveredKeywords(r).empty()) << r.id;
  }
}

TEST(AdvertiseReadRules, DocsAdvertiseRulesMdIsGeneratedFromTheTable) {
  std::ifstream in(std::string(vmqkit::test::kSourceDir) + "/docs/advertise-rules.md",
                   std::ios::binary);
  ASSERT_TRUE(in) << "docs/advertise-rules.md missing: run vmqkit advertise --rules > "
                     "docs/advertise-rules.md";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), AdvertiseReadRulesMarkdown())
      << "docs/advertise-rules.md is stale: run vmqkit advertise --rules > docs/advertise-rules.md";
}

TEST(AdvertiseReadRules, JsonListsEveryRowWithItsKeywords) {
  const nlohmann::json rows = AdvertiseReadRulesJson();
  ASSERT_EQ(rows.size(), AdvertiseReadRules().size());
  EXPECT_EQ(rows[0]["id"], "AR-01");
  EXPECT_EQ(rows[0]["keywords"], nlohmann::json::array({"*SriovPreferred"}));
  EXPECT_EQ(rows[0]["obligation"], "must read");
  EXPECT_EQ(rows[9]["id"], "AR-10");
  EXPECT_EQ(rows[9]["keywords"], nlohmann::json::array({"*SRIOV"}));  // the family but the one
}

// Representative inputs with their lists and reads pinned as the decision gave them before the
// rules became a table (a property against a frozen copy of that decision held while the table
// was written; these examples keep the outcome fixed now that the copy is gone).
struct Pinned {
  const char* name;
  HardwareSupport hardware;
  ndis::NdisVersion ndis;
  RegistryKey adapter;
  std::string_view row;
  std::vector<std::string> must_read;
  std::vector<std::string> must_not_read;
  std::vector<std::string_view> reads;
};

const std::vector<std::string> kEveryRssKeyword{"*RSS",
                                                "*RSSProfile",
                                                "*RssBaseProcGroup",
                                                "*RssBaseProcNumber",
                                                "*RssMaxProcGroup",
                                                "*RssMaxProcNumber",
                                                "*MaxRssProcessors",
                                                "*NumRSSQueues",
                                                "*NumaNodeId"};

std::vector<std::string> Plus(std::vector<std::string> list,
                              std::initializer_list<std::string> more) {
  list.insert(list.end(), more);
  return list;
}

std::vector<Pinned> PinnedInputs() {
  using test::Key;
  return {
      {"AllAbsent_AllHardware_RssPreferred",
       {true, true, true},
       ndis::kNdis630,
       Key({}),
       "sriov/6",
       {"*RssOrVmqPreference", "*RSS", "*SriovPreferred"},
       {"*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "*SRIOV", "TenGigVmqEnabled",
        "BelowTenGigVmqEnabled"},
       {"*SriovPreferred", "*RssOrVmqPreference", "*RSS"}},
      // SR-IOV is an NDIS 6.30 interface: on 6.20 the SR-IOV keywords are neither read nor
      // required, and the VMQ page's table decides (issue 19 point 10).
      {"SriovHardware_Ndis620_IsRssVmqHardware",
       {true, true, true},
       ndis::kNdis620,
       Key({{"*SriovPreferred", "1"},
            {"*RssOrVmqPreference", "0"},
            {"*SRIOV", "1"},
            {"*VMQ", "1"}}),
       "vmq-rss/3",
       {"*RssOrVmqPreference", "*RSS"},
       {"*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "TenGigVmqEnabled",
        "BelowTenGigVmqEnabled"},
       {"*RssOrVmqPreference", "*RSS"}},
      {"SriovPreferred_SriovAndVmqOn_Ndis630_SplitHardware",
       {true, true, true, true, true},
       ndis::kNdis630,
       Key({{"*SriovPreferred", "1"},
            {"*RssOrVmqPreference", "0"},
            {"*SRIOV", "1"},
            {"*VMQ", "1"}}),
       "sriov/E-010b",
       {"*VMQ", "*VMQVlanFiltering", "*SRIOV", "*SriovPreferred"},
       Plus(kEveryRssKeyword, {"TenGigVmqEnabled", "BelowTenGigVmqEnabled"}),
       {"*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQ", "*VMQVlanFiltering"}},
      {"SriovPreferred_SriovOnly_NoVmqHardware",
       {true, false, true},
       ndis::kNdis630,
       Key({{"*SriovPreferred", "1"},
            {"*RssOrVmqPreference", "1"},
            {"*SRIOV", "1"},
            {"*VMQ", "0"}}),
       "sriov/E-010a",
       {"*VMQVlanFiltering", "*SRIOV", "*SriovPreferred"},
       kEveryRssKeyword,
       {"*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQVlanFiltering"}},
      {"VmqPreferred_VmqOn_Ndis620_SplitHardware",
       {true, true, false, true, true},
       ndis::kNdis620,
       Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}}),
       "vmq-rss/1",
       {"*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "*RssOrVmqPreference"},
       Plus(kEveryRssKeyword, {"TenGigVmqEnabled", "BelowTenGigVmqEnabled"}),
       {"*RssOrVmqPreference", "*VMQ", "*VMQVlanFiltering", "*VMQLookaheadSplit"}},
      {"VmqPreferred_VmqOn_Ndis620_NoSplitNoVlanHardware",
       {true, true, false, false, false},
       ndis::kNdis620,
       Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}}),
       "vmq-rss/1",
       {"*VMQ", "*RssOrVmqPreference"},
       Plus(kEveryRssKeyword, {"TenGigVmqEnabled", "BelowTenGigVmqEnabled"}),
       {"*RssOrVmqPreference", "*VMQ"}},
      {"VmqPreferred_VmqOff_AllHardware",
       {true, true, true},
       ndis::kNdis630,
       Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "0"}}),
       "sriov/5",
       {"*VMQ", "*RssOrVmqPreference", "*SriovPreferred"},
       Plus(kEveryRssKeyword, {"*SRIOV", "TenGigVmqEnabled", "BelowTenGigVmqEnabled"}),
       {"*SriovPreferred", "*RssOrVmqPreference", "*VMQ"}},
      {"VmqOnlyHardware_E008",
       {false, true, false},
       ndis::kNdis630,
       Key({{"*VMQ", "1"}}),
       "vmq-rss/1 (single-feature hardware, E-008)",
       {"*VMQ", "*VMQVlanFiltering"},
       Plus(kEveryRssKeyword, {"TenGigVmqEnabled", "BelowTenGigVmqEnabled"}),
       {"*VMQ", "*VMQVlanFiltering"}},
      {"SriovOnlyHardware_NotPreferred",
       {false, false, true},
       ndis::kNdis630,
       Key({}),
       "sriov/7",
       {"*SriovPreferred"},
       {"*SRIOV"},
       {"*SriovPreferred"}},
  };
}

TEST(AdvertiseReadRules, RepresentativeInputsKeepTheirListsAndReads) {
  for (const Pinned& p : PinnedInputs()) {
    SCOPED_TRACE(p.name);
    const AdvertiseDecision d = DecideAdvertisement({p.hardware, p.ndis}, p.adapter, RegistryKey{});
    EXPECT_EQ(d.row, p.row);
    EXPECT_EQ(d.must_read, p.must_read);
    EXPECT_EQ(d.must_not_read, p.must_not_read);
    std::vector<std::string_view> reads;
    for (const KeywordReading& r : d.readings) reads.push_back(r.spec->name);
    EXPECT_EQ(reads, p.reads);
  }
}

}  // namespace
}  // namespace vmqkit::spec
