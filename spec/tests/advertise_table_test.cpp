// Every row of both documented decision tables, each its own test, plus the errata rows.
#include <gtest/gtest.h>

#include <algorithm>

#include "spec/advertise.h"
#include "spec/tests/registry_builder.h"

namespace vmqkit::spec {
namespace {

using test::Key;
using RI = ReceiveInterface;

constexpr HardwareSupport kRssAndVmq{true, true, false};
constexpr HardwareSupport kAll{true, true, true};

AdvertiseDecision Decide(HardwareSupport hw, const RegistryKey& adapter,
                         ndis::NdisVersion version = ndis::kNdis630) {
  return DecideAdvertisement({hw, version, 10'000'000'000ULL}, adapter, RegistryKey{});
}

bool Has(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// --- [WDD] standardized-inf-keywords-for-vmq, "Handling VMQ and RSS INF Keywords" table ---

TEST(RssVmqTable, Row1_Preference1_Vmq1_AdvertisesVmq) {
  const auto d = Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kVmq);
  EXPECT_EQ(d.row, "vmq-rss/1");
  EXPECT_TRUE(d.documented_row);
  EXPECT_EQ(d.preference, Preference::kVmq);
}

TEST(RssVmqTable, Row2_Preference1_Vmq0_AdvertisesNone) {
  const auto d = Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "0"}, {"*RSS", "1"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "vmq-rss/2");
}

TEST(RssVmqTable, Row3_Preference0_Rss1_AdvertisesRss) {
  const auto d = Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "0"}, {"*RSS", "1"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kRss);
  EXPECT_EQ(d.row, "vmq-rss/3");
}

TEST(RssVmqTable, Row3_PreferenceAbsent_Rss1_AdvertisesRss) {
  const auto d = Decide(kRssAndVmq, Key({{"*RSS", "1"}}));
  EXPECT_EQ(d.interface, RI::kRss);
  EXPECT_EQ(d.row, "vmq-rss/3");
}

TEST(RssVmqTable, Row4_Preference0_Rss0_AdvertisesNone) {
  const auto d = Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "0"}, {"*RSS", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "vmq-rss/4");
}

TEST(RssVmqTable, Row4_PreferenceAbsent_Rss0_AdvertisesNone) {
  const auto d = Decide(kRssAndVmq, Key({{"*RSS", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
}

// --- [WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords table ---

TEST(SriovTable, Row1_SriovPreferred1_Preference1_Sriov1_Vmq1_AdvertisesSriovAndVmq) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*RssOrVmqPreference", "1"},
                                   {"*SRIOV", "1"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kSriovVmq);
  EXPECT_EQ(d.row, "sriov/1");
  EXPECT_EQ(d.preference, Preference::kSriov);
}

TEST(SriovTable, Row2_SriovPreferred1_Preference1_Sriov0_Vmq1_AdvertisesVmq) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*RssOrVmqPreference", "1"},
                                   {"*SRIOV", "0"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kVmq);
  EXPECT_EQ(d.row, "sriov/2");
}

TEST(SriovTable, Row3_SriovPreferred1_Preference1_Sriov0_Vmq0_AdvertisesNone) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*RssOrVmqPreference", "1"},
                                   {"*SRIOV", "0"}, {"*VMQ", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "sriov/3");
}

TEST(SriovTable, Row3_SriovPreferred1_PreferenceAbsent_Sriov0_Vmq0_AdvertisesNone) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*SRIOV", "0"}, {"*VMQ", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "sriov/3");
}

TEST(SriovTable, Row4_SriovPreferredAbsent_Preference1_Vmq1_AdvertisesVmq) {
  const auto d = Decide(kAll, Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}, {"*SRIOV", "1"}}));
  EXPECT_EQ(d.interface, RI::kVmq);
  EXPECT_EQ(d.row, "sriov/4");
}

TEST(SriovTable, Row5_SriovPreferred0_Preference1_Vmq0_AdvertisesNone) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "0"}, {"*RssOrVmqPreference", "1"}, {"*VMQ", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "sriov/5");
}

TEST(SriovTable, Row6_SriovPreferred0_Preference0_Rss1_AdvertisesRss) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "0"}, {"*RssOrVmqPreference", "0"}, {"*RSS", "1"}}));
  EXPECT_EQ(d.interface, RI::kRss);
  EXPECT_EQ(d.row, "sriov/6");
}

TEST(SriovTable, Row6_AllAbsent_AdvertisesRss) {
  const auto d = Decide(kAll, Key({}));
  EXPECT_EQ(d.interface, RI::kRss);
  EXPECT_EQ(d.row, "sriov/6");
}

TEST(SriovTable, Row7_SriovPreferredAbsent_PreferenceAbsent_Rss0_AdvertisesNone) {
  const auto d = Decide(kAll, Key({{"*RSS", "0"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_EQ(d.row, "sriov/7");
}

// --- Errata rows (docs/errata.md E-010) ---

TEST(SriovTableErrata, E010a_SriovOnly_AdvertisesSriov) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*RssOrVmqPreference", "1"},
                                   {"*SRIOV", "1"}, {"*VMQ", "0"}}));
  EXPECT_EQ(d.interface, RI::kSriov);
  EXPECT_FALSE(d.documented_row);
}

TEST(SriovTableErrata, E010b_PreferenceRss_UnderSriovPreference_PermitsSriovWithOrWithoutVmq) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*RssOrVmqPreference", "0"},
                                   {"*SRIOV", "1"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kSriovVmq);
  EXPECT_EQ(d.permitted, (std::vector<RI>{RI::kSriovVmq, RI::kSriov}));
}

TEST(SriovTableErrata, E010d_SriovDisabledVmqEnabled_RecommendsVmq_PermitsNone) {
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*SRIOV", "0"}, {"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kVmq);
  EXPECT_EQ(d.permitted, (std::vector<RI>{RI::kVmq, RI::kNone}));
}

TEST(SriovTable, EveryCombinationOfCellsMatchesExactlyOneRow) {
  for (const auto table : {SriovVmqRssTable(), RssVmqTable()}) {
    for (int bits = 0; bits < 32; ++bits) {
      const std::int64_t v[5] = {bits & 1, (bits >> 1) & 1, (bits >> 2) & 1, (bits >> 3) & 1,
                                 (bits >> 4) & 1};
      auto matches = [](Cell c, std::int64_t x) {
        return c == Cell::kAny || (c == Cell::kOne ? x == 1 : x == 0);
      };
      int count = 0;
      for (const DecisionRow& r : table) {
        count += matches(r.sriov_preferred, v[0]) && matches(r.rss_or_vmq_preference, v[1]) &&
                 matches(r.sriov, v[2]) && matches(r.vmq, v[3]) && matches(r.rss, v[4]);
      }
      if (&table.front() == &RssVmqTable().front()) {
        EXPECT_EQ(count, 1) << "RSS/VMQ table, bits " << bits;
      } else {
        EXPECT_EQ(count, 1) << "SR-IOV table, bits " << bits;
      }
    }
  }
}

TEST(DecisionTables, RecommendedInterfaceIsAlwaysPermitted) {
  for (const auto table : {SriovVmqRssTable(), RssVmqTable()}) {
    for (const DecisionRow& r : table) {
      EXPECT_NE(std::find(r.permitted.begin(), r.permitted.end(), r.recommended), r.permitted.end())
          << r.id;
    }
  }
}

// --- Read rules ---

TEST(ReadRules, VmqPreference_MustReadVmq_MustNotReadAnyRssKeyword) {
  // [VMQ page]: VMQ preference "must not read any of the RSS standardized keywords".
  const auto d = Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}}));
  EXPECT_TRUE(Has(d.must_read, "*VMQ"));
  EXPECT_TRUE(Has(d.must_read, "*RssOrVmqPreference"));
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.family == KeywordFamily::kRss) {
      EXPECT_TRUE(Has(d.must_not_read, k.name)) << k.name;
    }
  }
}

TEST(ReadRules, RssPreference_MustReadRss_MustNotReadVmqKeywordsButThePreference) {
  const auto d = Decide(kRssAndVmq, Key({}));
  EXPECT_TRUE(Has(d.must_read, "*RSS"));
  EXPECT_TRUE(Has(d.must_not_read, "*VMQ"));
  EXPECT_TRUE(Has(d.must_not_read, "*VMQVlanFiltering"));
  EXPECT_TRUE(Has(d.must_not_read, "*VMQLookaheadSplit"));
  EXPECT_FALSE(Has(d.must_not_read, "*RssOrVmqPreference"));
  EXPECT_TRUE(Has(d.must_read, "*RssOrVmqPreference"));
}

TEST(ReadRules, SriovPreference_MustNotReadRss_ButMustReadVmqVlanFiltering) {
  // [SR-IOV page]: "must not read any of the RSS standardized keywords. However, the driver must
  // read the VMQ *VMQVlanFiltering standardized keyword."
  for (const char* sriov : {"0", "1"}) {
    for (const char* vmq : {"0", "1"}) {
      const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*SRIOV", sriov}, {"*VMQ", vmq}}));
      EXPECT_TRUE(Has(d.must_read, "*VMQVlanFiltering")) << sriov << vmq;
      EXPECT_TRUE(Has(d.must_read, "*SRIOV"));
      EXPECT_TRUE(Has(d.must_read, "*VMQ"));  // E-009
      EXPECT_TRUE(Has(d.must_not_read, "*RSS"));
      EXPECT_TRUE(Has(d.must_not_read, "*RssBaseProcNumber"));
    }
  }
}

TEST(ReadRules, VmqPreferenceOnSriovHardware_MustNotReadSriovButSriovPreferred) {
  const auto d = Decide(kAll, Key({{"*RssOrVmqPreference", "1"}}));
  EXPECT_TRUE(Has(d.must_not_read, "*SRIOV"));
  EXPECT_FALSE(Has(d.must_not_read, "*SriovPreferred"));
  EXPECT_TRUE(Has(d.must_read, "*SriovPreferred"));
}

TEST(ReadRules, ReservedKeywords_VmqEnabled_MustNotReadRssMaxProcNumberAndMaxRssProcessors) {
  // [VMQ page] Reserved Registry Keywords; the Japanese seed says "must read": E-001.
  const auto d = Decide(kAll, Key({{"*SriovPreferred", "1"}, {"*SRIOV", "1"}, {"*VMQ", "1"}}));
  ASSERT_TRUE(UsesVmq(d.interface));
  EXPECT_TRUE(Has(d.must_not_read, "*RssMaxProcNumber"));
  EXPECT_TRUE(Has(d.must_not_read, "*MaxRssProcessors"));
  EXPECT_FALSE(Has(d.must_read, "*RssMaxProcNumber"));
  EXPECT_FALSE(Has(d.must_read, "*MaxRssProcessors"));
}

TEST(ReadRules, ReservedVmsmpValues_AnyVmqCapableMiniport_MustNotRead) {
  // "Miniport drivers that support VMQ must not read" TenGigVmqEnabled / BelowTenGigVmqEnabled,
  // whichever interface ends up enabled.
  for (const auto& key : {Key({}), Key({{"*RssOrVmqPreference", "1"}})}) {
    const auto d = Decide(kRssAndVmq, key);
    EXPECT_TRUE(Has(d.must_not_read, "TenGigVmqEnabled"));
    EXPECT_TRUE(Has(d.must_not_read, "BelowTenGigVmqEnabled"));
  }
  const auto no_vmq = Decide({true, false, false}, Key({}));
  EXPECT_FALSE(Has(no_vmq.must_not_read, "TenGigVmqEnabled"));
}

TEST(ReadRules, E011_VmqEnabled_MustReadVlanFiltering) {
  EXPECT_TRUE(Has(Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}})).must_read, "*VMQVlanFiltering"));
  EXPECT_FALSE(Has(Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "0"}})).must_read,
                   "*VMQVlanFiltering"));
}

TEST(ReadRules, LookaheadSplit_ReadOnNdis620OnlyWithSplitHardware) {
  const auto key = Key({{"*RssOrVmqPreference", "1"}, {"*VMQLookaheadSplit", "1"}});
  HardwareSupport splits = kRssAndVmq;
  splits.lookahead_split = true;
  const auto d620 = Decide(splits, key, ndis::kNdis620);
  EXPECT_TRUE(Has(d620.must_read, "*VMQLookaheadSplit"));
  EXPECT_TRUE(d620.vmq_lookahead_split);
  const auto d630 = Decide(splits, key, ndis::kNdis630);
  EXPECT_FALSE(Has(d630.must_read, "*VMQLookaheadSplit"));
  EXPECT_FALSE(d630.vmq_lookahead_split);
  const bool warned = std::any_of(d630.diagnostics.begin(), d630.diagnostics.end(), [](const Diagnostic& x) {
    return x.keyword == "*VMQLookaheadSplit" && x.message.find("obsolete") != std::string::npos;
  });
  EXPECT_TRUE(warned);
}

TEST(ReadRules, MustReadAndMustNotReadNeverOverlap) {
  for (const auto& hw : {kAll, kRssAndVmq, HardwareSupport{false, true, false}}) {
    for (const auto& key : {Key({}), Key({{"*RssOrVmqPreference", "1"}}),
                            Key({{"*SriovPreferred", "1"}})}) {
      const auto d = Decide(hw, key);
      for (const std::string& name : d.must_read) EXPECT_FALSE(Has(d.must_not_read, name)) << name;
    }
  }
}

// --- Single-feature hardware (E-008) and current VMQ settings ---

TEST(SingleFeatureHardware, E008_VmqOnlyHardware_AdvertisesVmqWithoutPreference) {
  const auto d = Decide({false, true, false}, Key({}));
  EXPECT_EQ(d.interface, RI::kVmq);
  EXPECT_FALSE(d.documented_row);
  EXPECT_EQ(d.permitted, (std::vector<RI>{RI::kVmq, RI::kNone}));
  EXPECT_FALSE(Has(d.must_read, "*RssOrVmqPreference"));
}

TEST(SingleFeatureHardware, E008_RssOnlyHardware_AdvertisesRss) {
  const auto d = Decide({true, false, false}, Key({{"*RssOrVmqPreference", "1"}}));
  EXPECT_EQ(d.interface, RI::kRss);
}

TEST(SingleFeatureHardware, NoFeatures_AdvertisesNoneAndReadsNothing) {
  const auto d = Decide({false, false, false}, Key({{"*VMQ", "1"}}));
  EXPECT_EQ(d.interface, RI::kNone);
  EXPECT_TRUE(d.must_read.empty());
}

TEST(CurrentVmqSettings, VlanFilteringFollowsKeyword) {
  EXPECT_TRUE(Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}})).vmq_vlan_filtering);
  EXPECT_FALSE(Decide(kRssAndVmq, Key({{"*RssOrVmqPreference", "1"}, {"*VMQVlanFiltering", "0"}}))
                   .vmq_vlan_filtering);
  EXPECT_FALSE(Decide(kRssAndVmq, Key({})).vmq_vlan_filtering);  // RSS: no VMQ settings at all
}

}  // namespace
}  // namespace vmqkit::spec
