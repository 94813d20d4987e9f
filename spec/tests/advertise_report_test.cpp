// `vmqkit advertise`'s report rendered for people and for programs, for one known input: a VMQ
// preferred adapter on an NDIS 6.20 miniport with RSS and VMQ, VLAN filtering and lookahead split.
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
  return MakeAdvertiseReport("host.reg", adapter, {{true, true, false, true, true}, ndis::kNdis620},
                             RegistryKey{});
}

TEST(AdvertiseReport, TextOfVmqPreferredAdapterOnNdis620) {
  EXPECT_EQ(ToText(VmqPreferredReport()),
            "adapter 0007 (Example adapter) in host.reg\n"
            "input: hardware RSS+VMQ+VLAN+split, NDIS 6.20, OS 2008r2, supported speed 10 Gbps\n"
            "preference: VMQ\n"
            "advertised interface: VMQ  (row vmq-rss/1)\n"
            "  *RssOrVmqPreference    = 1      (registry)\n"
            "  *VMQ                   = 1      (registry)\n"
            "  *VMQVlanFiltering      = 1      (registry)\n"
            "  *VMQLookaheadSplit     = 1      (default)\n"
            "must read:     *VMQ *VMQLookaheadSplit *VMQVlanFiltering *RssOrVmqPreference\n"
            "must not read: *RSS *RSSProfile *RssBaseProcGroup *RssBaseProcNumber *RssMaxProcGroup "
            "*RssMaxProcNumber *MaxRssProcessors *NumRSSQueues *NumaNodeId TenGigVmqEnabled "
            "BelowTenGigVmqEnabled\n"
            "current VMQ settings: VLAN filtering on, lookahead split on\n"
            "Hyper-V switch uses VMQ: no\n");
}

TEST(AdvertiseReport, JsonOfVmqPreferredAdapterOnNdis620) {
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "adapter": {"driver_desc": "Example adapter", "subkey": "0007"},
    "diagnostics": [], "documented_row": true,
    "input": {"hardware": {"rss": true, "sriov": false, "vmq": true, "vlan": true,
                           "split": true},
              "supported_speed_bps": 10000000000, "ndis": "6.20", "os": "2008r2"},
    "interface": "VMQ",
    "must_not_read": ["*RSS", "*RSSProfile", "*RssBaseProcGroup", "*RssBaseProcNumber",
                      "*RssMaxProcGroup", "*RssMaxProcNumber", "*MaxRssProcessors",
                      "*NumRSSQueues", "*NumaNodeId", "TenGigVmqEnabled",
                      "BelowTenGigVmqEnabled"],
    "must_read": ["*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "*RssOrVmqPreference"],
    "permitted_interfaces": ["VMQ"], "preference": "VMQ",
    "readings": [{"keyword": "*RssOrVmqPreference", "origin": "registry", "value": 1},
                 {"keyword": "*VMQ", "origin": "registry", "value": 1},
                 {"keyword": "*VMQVlanFiltering", "origin": "registry", "value": 1},
                 {"keyword": "*VMQLookaheadSplit", "origin": "default", "value": 1}],
    "row": "vmq-rss/1", "vmq_lookahead_split": true, "vmq_vlan_filtering": true,
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
