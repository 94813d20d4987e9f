// Issue 19 (fidelity) for the advertisement decision and the keyword catalog: each test names the
// sentence it checks and fails on the behaviour the audit found wrong.
#include <gtest/gtest.h>

#include <algorithm>

#include "spec/advertise.h"
#include "spec/capabilities.h"
#include "spec/keyword_catalog.h"
#include "spec/keyword_defaults.h"
#include "spec/tests/registry_builder.h"
#include "spec/windows_release.h"

namespace vmqkit::spec {
namespace {

using test::Key;

constexpr std::uint64_t k1G = 1'000'000'000ULL;
constexpr std::uint64_t k10G = 10'000'000'000ULL;

bool Contains(const std::vector<std::string>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

AdvertiseDecision VmqPreferred(HardwareSupport hw, ndis::NdisVersion version) {
  return DecideAdvertisement({hw, version}, Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}}),
                             RegistryKey{});
}

// E-011: "*VMQVlanFiltering ... The miniport driver reports this capability with the
// NDIS_RECEIVE_FILTER_MAC_HEADER_VLAN_ID_SUPPORTED flag": without VLAN-id hardware there is
// nothing for it to decide, so it is not a must-read (AR-12); with it, it is.
TEST(ReadRules, E011_VlanFilteringMustReadOnlyWithVlanIdHardware) {
  HardwareSupport hw{true, true, false};
  hw.vlan_id_filtering = false;
  const AdvertiseDecision without = VmqPreferred(hw, ndis::kNdis630);
  EXPECT_EQ(without.interface, ReceiveInterface::kVmq);
  EXPECT_FALSE(Contains(without.must_read, "*VMQVlanFiltering"));
  EXPECT_FALSE(Contains(without.must_not_read, "*VMQVlanFiltering"));  // may read
  hw.vlan_id_filtering = true;
  EXPECT_TRUE(Contains(VmqPreferred(hw, ndis::kNdis630).must_read, "*VMQVlanFiltering"));
}

// The SR-IOV page's own sentence stays: "However, the driver must read the VMQ *VMQVlanFiltering
// standardized keyword" under SR-IOV preference (AR-05), whatever the VLAN hardware.
TEST(ReadRules, E011_SriovPreferenceReadsVlanFilteringEvenWithoutVlanIdHardware) {
  HardwareSupport hw{true, true, true};
  hw.vlan_id_filtering = false;
  const AdvertiseDecision d =
      DecideAdvertisement({hw, ndis::kNdis630}, Key({{"*SriovPreferred", "1"}}), RegistryKey{});
  EXPECT_TRUE(Contains(d.must_read, "*VMQVlanFiltering"));
}

// E-012: *VMQLookaheadSplit reports NDIS_RECEIVE_FILTER_LOOKAHEAD_SPLIT_SUPPORTED; only an NDIS
// 6.20 miniport whose hardware splits has something to decide with it (AR-13).
TEST(ReadRules, E012_LookaheadSplitMustReadOnlyWithSplitHardwareBefore630) {
  HardwareSupport hw{true, true, false};
  EXPECT_FALSE(Contains(VmqPreferred(hw, ndis::kNdis620).must_read, "*VMQLookaheadSplit"));
  hw.lookahead_split = true;
  EXPECT_TRUE(Contains(VmqPreferred(hw, ndis::kNdis620).must_read, "*VMQLookaheadSplit"));
  EXPECT_FALSE(Contains(VmqPreferred(hw, ndis::kNdis630).must_read, "*VMQLookaheadSplit"));
}

// Point 10: the SR-IOV keywords are NDIS 6.30 keywords ([WDD] standardized-inf-keywords-for-sr-iov;
// the catalog's `since`), so a 6.20 miniport on SR-IOV hardware is never required to read them.
TEST(ReadRules, E010_SriovKeywordsNeverRequiredBeforeNdis630) {
  const AdvertiseDecision d =
      DecideAdvertisement({{true, true, true}, ndis::kNdis620}, Key({}), RegistryKey{});
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.family == KeywordFamily::kSriov) {
      EXPECT_FALSE(Contains(d.must_read, k.name)) << k.name;
    }
  }
  EXPECT_EQ(d.row, "vmq-rss/3");  // the VMQ page's table, not the SR-IOV page's
  EXPECT_TRUE(Contains(
      DecideAdvertisement({{true, true, true}, ndis::kNdis630}, Key({}), RegistryKey{}).must_read,
      "*SriovPreferred"));
}

// E-002: NdisReadConfiguration looks the keyword up by name; "RssOrVmqPreference" (the seed's
// markdown artefact) is another value, so the adapter stays RSS-preferred.
TEST(Advertise, E002_RssOrVmqPreferenceWithoutStarDoesNotSelectVmq) {
  const AdvertiseDecision d = DecideAdvertisement(
      {{true, true, false}, ndis::kNdis630}, Key({{"RssOrVmqPreference", "1"}}), RegistryKey{});
  EXPECT_EQ(d.preference, Preference::kRss);
  EXPECT_EQ(d.interface, ReceiveInterface::kRss);
  const bool warned = std::any_of(d.diagnostics.begin(), d.diagnostics.end(), [](const auto& x) {
    return x.keyword == "*RssOrVmqPreference" && x.severity == Severity::kWarning;
  });
  EXPECT_TRUE(warned);
}

// E-013: "0=System default (disabled for Windows Server 2008 R2)" is about the release, not the
// miniport: a 6.20 miniport on Windows Server 2012 gets the 2012 default (VMQ on 10 Gbps).
TEST(VswitchVmq, E013_SystemDefaultFollowsTheWindowsReleaseNotTheMiniport) {
  const RegistryKey adapter = Key({{"*RssOrVmqPreference", "1"}});
  AdvertiseInput in{{true, true, false}, ndis::kNdis620, k10G};
  EXPECT_FALSE(DecideAdvertisement(in, adapter, RegistryKey{}).vswitch_uses_vmq);  // 2008 R2
  in.os = WindowsServer::k2012;
  EXPECT_TRUE(DecideAdvertisement(in, adapter, RegistryKey{}).vswitch_uses_vmq);
}

// E-013: BelowTenGigVmqEnabled is for "all network adapters that support less than 10 Gbps": the
// adapter's supported speed decides which value the switch reads.
TEST(VswitchVmq, E013_ValueChosenBySupportedSpeed) {
  const RegistryKey adapter = Key({{"*RssOrVmqPreference", "1"}});
  const RegistryKey vmsmp =
      Key({{"BelowTenGigVmqEnabled", std::uint32_t{1}}, {"TenGigVmqEnabled", std::uint32_t{2}}});
  EXPECT_TRUE(DecideAdvertisement({{true, true, false}, ndis::kNdis630, k1G}, adapter, vmsmp)
                  .vswitch_uses_vmq);
  EXPECT_FALSE(DecideAdvertisement({{true, true, false}, ndis::kNdis630, k10G}, adapter, vmsmp)
                   .vswitch_uses_vmq);
}

// [WDD] overview-of-ndis-versions; the default release of a miniport is the first that has its
// NDIS version, and a release never runs a newer miniport.
TEST(WindowsRelease, E013_DefaultReleaseOfEachNdisVersion) {
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis620), WindowsServer::k2008R2);
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis630), WindowsServer::k2012);
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis640), WindowsServer::k2012R2);
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis650), WindowsServer::k2016);
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis680), WindowsServer::k2019);
  EXPECT_EQ(DefaultWindowsServer(ndis::kNdis684), WindowsServer::k2022);
  EXPECT_TRUE(Runs(ndis::kNdis620, WindowsServer::k2012));
  EXPECT_FALSE(Runs(ndis::kNdis630, WindowsServer::k2008R2));
  EXPECT_EQ(ParseWindowsServer("2012R2"), WindowsServer::k2012R2);
  EXPECT_FALSE(ParseWindowsServer("2003").has_value());
}

// [WDD] standardized-inf-keywords-for-rss: *NumaNodeId "65535 (Any node)" default, Max "System
// specific - cannot exceed 65534" (E-018).
TEST(KeywordCatalog, E018_NumaNodeIdMaxIs65534AndDefault65535MeansAnyNode) {
  const KeywordSpec& k = *FindKeyword("*NumaNodeId");
  EXPECT_EQ(k.max, 65534);
  EXPECT_TRUE(IsAllowedValue(k, 65534));
  EXPECT_TRUE(IsAllowedValue(k, 65535));
  EXPECT_FALSE(IsAllowedValue(k, 65536));
}

// [WDD] standardized-inf-keywords-for-rss: "Windows Server 2008 defaults: 8 for 1G or slower
// adapters, 16 for 10G adapters. Windows 8 defaults: For NICs with no MSI-X support - 2 for 1GbE or
// slower adapters, 4 for 10 GbE adapters. For NICs with MSI-X support - 4 ..., 16 ..." (E-022).
TEST(KeywordCatalog, E022_MaxRssProcessorsDefaultsByReleaseSpeedAndMsiX) {
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2008R2, k1G, true), 8);
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2008R2, k10G, false), 16);
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2012, k1G, false), 2);
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2016, k10G, false), 4);
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2022, k1G, true), 4);
  EXPECT_EQ(MaxRssProcessorsDefault(WindowsServer::k2019, 25 * k1G, true), 16);
  EXPECT_EQ(MaxRssProcessorsDefaults().size(), 8u);  // every release x MSI-X x speed combination
  // The catalog's single default is the 10 Gbps MSI-X row.
  EXPECT_EQ(FindKeyword("*MaxRssProcessors")->default_value,
            MaxRssProcessorsDefault(WindowsServer::k2012, k10G, true));
}

// [WDD] determining-the-vmq-capabilities-of-a-network-adapter: "There should be at least as many
// header filters as there are VM queues": a should (E-017), reported but not a must.
TEST(Capabilities, E017_MacFiltersCoverQueuesIsAShould) {
  VmqHardware hw;
  hw.num_queues = 8;
  hw.max_mac_header_filters = 4;
  AdvertiseDecision d;
  d.interface = ReceiveInterface::kVmq;
  const AdvertisedCapabilities caps = BuildCapabilities(hw, ndis::kNdis630, d);
  CapabilityCheckInput input;
  input.hardware = caps.hardware;
  input.current = caps.current;
  const auto violations = CheckCapabilities(input);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rule, "mac-filters-cover-queues");
  EXPECT_TRUE(violations[0].should);
}

}  // namespace
}  // namespace vmqkit::spec
