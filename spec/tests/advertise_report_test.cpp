// `vmqkit advertise`'s report rendered for people and for programs, for one known input: a VMQ
// preferred adapter on an NDIS 6.20 miniport with all three features.
#include <gtest/gtest.h>

#include "spec/advertise_report.h"
#include "spec/tests/registry_builder.h"

namespace vmqkit::spec {
namespace {

AdvertiseReport VmqPreferredReport() {
  AdapterRegistry adapter;
  adapter.subkey = "0007";
  adapter.driver_desc = "Example adapter";
  adapter.key = test::Key({{"*RssOrVmqPreference", "1"}, {"*VMQ", "1"}, {"*VMQVlanFiltering", 1u}});
  return MakeAdvertiseReport("host.reg", adapter, {{true, true, true}, ndis::kNdis620},
                             RegistryKey{});
}

TEST(AdvertiseReport, TextOfVmqPreferredAdapterOnNdis620) {
  EXPECT_EQ(ToText(VmqPreferredReport()),
            "adapter 0007 (Example adapter) in host.reg\n"
            "input: hardware RSS+VMQ+SR-IOV, NDIS 6.20, link 10 Gbps\n"
            "preference: VMQ\n"
            "advertised interface: VMQ  (row sriov/4)\n"
            "  *SriovPreferred        = 0      (default)\n"
            "  *RssOrVmqPreference    = 1      (registry)\n"
            "  *VMQ                   = 1      (registry)\n"
            "  *VMQVlanFiltering      = 1      (registry)\n"
            "  *VMQLookaheadSplit     = 1      (default)\n"
            "must read:     *VMQ *VMQLookaheadSplit *VMQVlanFiltering *RssOrVmqPreference "
            "*SriovPreferred\n"
            "must not read: *RSS *RSSProfile *RssBaseProcGroup *RssBaseProcNumber *RssMaxProcGroup "
            "*RssMaxProcNumber *MaxRssProcessors *NumRSSQueues *NumaNodeId *SRIOV TenGigVmqEnabled "
            "BelowTenGigVmqEnabled\n"
            "current VMQ settings: VLAN filtering on, lookahead split on\n"
            "Hyper-V switch uses VMQ: no\n");
}

TEST(AdvertiseReport, JsonOfVmqPreferredAdapterOnNdis620) {
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "adapter": {"driver_desc": "Example adapter", "subkey": "0007"},
    "diagnostics": [], "documented_row": true,
    "input": {"hardware": {"rss": true, "sriov": true, "vmq": true},
              "link_speed_bps": 10000000000, "ndis": "6.20"},
    "interface": "VMQ",
    "must_not_read": ["*RSS", "*RSSProfile", "*RssBaseProcGroup", "*RssBaseProcNumber",
                      "*RssMaxProcGroup", "*RssMaxProcNumber", "*MaxRssProcessors",
                      "*NumRSSQueues", "*NumaNodeId", "*SRIOV", "TenGigVmqEnabled",
                      "BelowTenGigVmqEnabled"],
    "must_read": ["*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "*RssOrVmqPreference",
                  "*SriovPreferred"],
    "permitted_interfaces": ["VMQ"], "preference": "VMQ",
    "readings": [{"keyword": "*SriovPreferred", "origin": "default", "value": 0},
                 {"keyword": "*RssOrVmqPreference", "origin": "registry", "value": 1},
                 {"keyword": "*VMQ", "origin": "registry", "value": 1},
                 {"keyword": "*VMQVlanFiltering", "origin": "registry", "value": 1},
                 {"keyword": "*VMQLookaheadSplit", "origin": "default", "value": 1}],
    "row": "sriov/4", "vmq_lookahead_split": true, "vmq_vlan_filtering": true,
    "vswitch_uses_vmq": false})");
  EXPECT_EQ(ToJson(VmqPreferredReport()), expected);
}

TEST(AdvertiseReport, LinkSpeedIsWrittenInTheLargestWholeUnit) {
  EXPECT_EQ(FormatLinkSpeed(25'000'000'000ULL), "25 Gbps");
  EXPECT_EQ(FormatLinkSpeed(100'000'000ULL), "100 Mbps");
  EXPECT_EQ(FormatLinkSpeed(2'500'000'000ULL), "2500 Mbps");
  EXPECT_EQ(FormatLinkSpeed(1234), "1234 bps");
}

}  // namespace
}  // namespace vmqkit::spec
