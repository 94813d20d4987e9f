// Issue 19 points 1-3 and E-017: the engine judges the capabilities a DUT reports through the
// model's permitted sets (spec/capabilities_set.h). A richer device, a permitted interface other
// than the recommended one, and a "should" the DUT skips all pass by default; each test also
// shows what still fails. The DUT is the reference miniport with its initialize answer bent.
#include <gtest/gtest.h>

#include "conformance/suites.h"
#include "conformance/tests/bent_device.h"
#include "ndis/constants.h"
#include "spec/capabilities_set.h"

namespace vmqkit::conformance {
namespace {

using test::Rig;

using C = ndis::ReceiveFilterCapabilities;

spec::RegistryValue Sz(const char* name, const char* text) {
  spec::RegistryValue v;
  v.name = name;
  v.type = spec::RegType::kSz;
  v.text = text;
  return v;
}

// Rewrites both structures of the initialize answer.
void Bend(Rig& rig, std::function<void(C& hardware, C& current)> edit) {
  rig.device->bend_initialize = [edit](InitializeOutput& out) {
    auto hardware = ndis::DecodeReceiveFilterCapabilities(out.hardware);
    auto current = ndis::DecodeReceiveFilterCapabilities(out.current);
    ASSERT_TRUE(hardware.ok() && current.ok());
    C h = *hardware;
    C c = *current;
    edit(h, c);
    out.hardware = ndis::Encode(h);
    out.current = ndis::Encode(c);
  };
}

std::string RuleOf(const Rig& rig) {
  return rig.engine.finding() ? rig.engine.finding()->rule : std::string("(passed)");
}

// "the complete hardware receive filtering capabilities that the network adapter can support"
// ([WDD] determining-receive-filtering-capabilities): more tests, header fields, ARP/IPv4/IPv6/UDP
// headers and packet coalescing are legal in both structures (E-019). Before issue 19 the
// hardware structure was compared exactly with the model's minimal one.
TEST(EngineCapabilities, E019_RicherHardwareIsPermitted) {
  Rig rig;
  ASSERT_TRUE(rig.engine.Configure("A", VmqConfig()));
  Bend(rig, [](C& h, C& c) {
    for (C* caps : {&h, &c}) {
      caps->supported_filter_tests |=
          ndis::kTestHeaderFieldMaskEqualSupported | ndis::kTestHeaderFieldNotEqualSupported;
      caps->supported_headers |= ndis::kArpHeaderSupported | ndis::kIpv4HeaderSupported |
                                 ndis::kIpv6HeaderSupported | ndis::kUdpHeaderSupported;
      caps->supported_mac_header_fields |= ndis::kMacHeaderSourceAddrSupported |
                                           ndis::kMacHeaderProtocolSupported |
                                           ndis::kMacHeaderPrioritySupported;
      caps->supported_arp_header_fields = ndis::kArpHeaderOperationSupported;
      caps->supported_ipv4_header_fields = ndis::kIpv4HeaderProtocolSupported;
      caps->supported_udp_header_fields = ndis::kUdpHeaderDestPortSupported;
      caps->supported_queue_properties |= ndis::kPacketCoalescingSupportedOnDefaultQueue;
      caps->max_field_tests_per_packet_coalescing_filter = 5;
      caps->max_packet_coalescing_filters = 10;
    }
  });
  EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
  // The model follows the DUT's structures (E-020).
  EXPECT_NE(
      rig.engine.Model("A")->capabilities().hardware.supported_headers & ndis::kArpHeaderSupported,
      0u);
}

// What stays outside the set: a flag NDIS 6.20 does not define, packet-coalescing maxima without
// the flag, a member reserved for NDIS.
TEST(EngineCapabilities, E019_UndefinedFlagsCoalescingMaximaAndReservedMembersFail) {
  struct Case {
    const char* rule;
    ndis::NdisVersion version;
    std::function<void(C&, C&)> edit;
  };
  const std::vector<Case> cases = {
      {"capabilities.hardware.defined-flags", ndis::kNdis620,
       [](C& h, C&) { h.supported_filter_tests |= ndis::kTestHeaderFieldNotEqualSupported; }},
      {"capabilities.hardware.packet-coalescing", ndis::kNdis630,
       [](C& h, C&) { h.max_packet_coalescing_filters = 10; }},
      {"capabilities.hardware.reserved-members", ndis::kNdis630,
       [](C& h, C&) { h.max_queue_groups = 1; }},
      {"capabilities.current-subset-of-hardware", ndis::kNdis630,
       [](C&, C& c) { c.supported_mac_header_fields |= ndis::kMacHeaderSourceAddrSupported; }},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.rule);
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", VmqConfig(k.version)));
    Bend(rig, k.edit);
    EXPECT_FALSE(rig.engine.Initialize("A"));
    EXPECT_EQ(RuleOf(rig), k.rule);
  }
}

// E-017: "There should be at least as many header filters as there are VM queues."
TEST(EngineCapabilities, E017_FewerMacFiltersThanQueuesPassesExceptStrict) {
  auto fewer = [](C& h, C& c) {
    h.max_mac_header_filters = 2;
    c.max_mac_header_filters = 2;
  };
  {
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", VmqConfig()));
    Bend(rig, fewer);
    EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
  }
  {
    Rig rig(&reference::DutOps(), EngineOptions{true});
    ASSERT_TRUE(rig.engine.Configure("A", VmqConfig()));
    Bend(rig, fewer);
    EXPECT_FALSE(rig.engine.Initialize("A"));
    EXPECT_EQ(RuleOf(rig), "capabilities.mac-filters-cover-queues");
  }
}

spec::ModelConfig SriovConfig(const char* rss_or_vmq, const char* vmq) {
  spec::ModelConfig c = VmqConfig();
  c.support.sriov = true;
  c.adapter_keywords.values = {Sz("*SriovPreferred", "1"), Sz("*RssOrVmqPreference", rss_or_vmq),
                               Sz("*SRIOV", "1"), Sz("*VMQ", vmq), Sz("*VMQVlanFiltering", "1")};
  return c;
}

spec::CurrentSettings VlanOn() {
  return {ndis::kNdis630, true, false};
}

// Point 3 (E-020): row sriov/E-010b permits SR-IOV+VMQ (recommended) and SR-IOV alone. A DUT that
// enables SR-IOV alone passes by default, the model follows it (no VM queue to allocate), and
// --strict holds it to the recommendation. Before issue 19 the engine refused every alternative.
TEST(EngineCapabilities, E020_DutChoosingAnotherPermittedInterfacePasses) {
  auto sriov_only = [](C& h, C& c) {
    c = spec::RecommendedCurrent(h, spec::ReceiveInterface::kSriov, VlanOn());
  };
  {
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("0", "1")));
    Bend(rig, sriov_only);
    ASSERT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
    EXPECT_EQ(rig.engine.Model("A")->decision().interface, spec::ReceiveInterface::kSriov);
    EXPECT_EQ(rig.engine.Model("A")->capabilities().current.enabled_queue_types, 0u);
  }
  {
    Rig rig(&reference::DutOps(), EngineOptions{true});
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("0", "1")));
    Bend(rig, sriov_only);
    EXPECT_FALSE(rig.engine.Initialize("A"));
  }
  {
    // E-008: VMQ-only hardware permits the literal "none" beside VMQ.
    Rig rig;
    spec::ModelConfig c = VmqConfig();
    c.support.rss = false;
    ASSERT_TRUE(rig.engine.Configure("A", c));
    Bend(rig, [](C& h, C& current) {
      current = C{};
      current.revision = h.revision;
    });
    EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
    EXPECT_EQ(rig.engine.Model("A")->decision().interface, spec::ReceiveInterface::kNone);
  }
}

// Point 2 (E-010): with SR-IOV alone enabled the current structure sets VM_QUEUE_SUPPORTED ("must
// set this flag if it is enabled to use the VMQ or SR-IOV interface") and MSI_X (mandatory), no
// VM_QUEUES_ENABLED, NumQueues 0, and should set VMQ_FILTERS_ENABLED. Before issue 19 the model
// wanted a header only, failing every driver that followed the page.
TEST(EngineCapabilities, E010_SriovOnlyCurrentCapabilities) {
  {
    Rig rig;  // the reference reports the page's structure
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("1", "0")));
    EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
    EXPECT_EQ(rig.engine.Model("A")->decision().interface, spec::ReceiveInterface::kSriov);
  }
  {
    Rig rig;  // the old model's header-only structure lacks the mandatory flags
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("1", "0")));
    Bend(rig, [](C& h, C& c) {
      c = C{};
      c.revision = h.revision;
    });
    EXPECT_FALSE(rig.engine.Initialize("A"));
    EXPECT_EQ(RuleOf(rig), "capabilities.current.enabled-flags");
  }
  auto no_vmq_filters = [](C&, C& c) { c.enabled_filter_types = 0; };
  {
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("1", "0")));
    Bend(rig, no_vmq_filters);
    EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
  }
  {
    Rig rig(&reference::DutOps(), EngineOptions{true});
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("1", "0")));
    Bend(rig, no_vmq_filters);
    EXPECT_FALSE(rig.engine.Initialize("A"));
    EXPECT_EQ(RuleOf(rig), "capabilities.current.sriov-vmq-filters");
  }
  {
    Rig rig;  // VM queues stay off with SR-IOV alone
    ASSERT_TRUE(rig.engine.Configure("A", SriovConfig("1", "0")));
    Bend(rig, [](C&, C& c) { c.enabled_queue_types = ndis::kVmQueuesEnabled; });
    EXPECT_FALSE(rig.engine.Initialize("A"));
  }
}

// The reference miniport behind an engine that waives `rule`, configured, its initialize answer
// without MSI_X_SUPPORTED in both structures and `more` applied after.
struct WaivingRig {
  std::vector<Finding> waivers;  // before `rig`: the engine holds a pointer to it
  Rig rig;
  WaivingRig(const std::string& rule, std::function<void(C&, C&)> more)
      : rig(&reference::DutOps(), Options(rule, waivers)) {
    EXPECT_TRUE(rig.engine.Configure("A", VmqConfig()));
    Bend(rig, [more](C& h, C& c) {
      h.supported_queue_properties &= ~ndis::kMsiXSupported;
      c.supported_queue_properties &= ~ndis::kMsiXSupported;
      more(h, c);
    });
  }
  static EngineOptions Options(const std::string& rule, std::vector<Finding>& sink) {
    EngineOptions options;
    options.waived = {rule};
    options.waivers = &sink;
    return options;
  }
};

// `vmqkit conform --waive`: a waived capability rule is recorded and not failed, the model goes on
// with the DUT's structures, and the steps after initialize are judged as usual.
TEST(EngineCapabilities, WaivedRuleIsRecordedAndTheChecksGoOn) {
  WaivingRig w("capabilities.hardware.msi-x", [](C&, C&) {});
  EXPECT_TRUE(w.rig.engine.Initialize("A")) << RuleOf(w.rig);
  ASSERT_EQ(w.waivers.size(), 1u);
  EXPECT_EQ(w.waivers[0].rule, "capabilities.hardware.msi-x");
  EXPECT_TRUE(w.rig.engine.Oid("A", AllocateQueueRequest(VmqConfig().version, 0x2)))
      << RuleOf(w.rig);
}

// A waiver names one rule: a violation of another still fails, and the finding names every rule
// the structures break, so that one run shows them all.
TEST(EngineCapabilities, AWaiverCoversItsRuleOnlyAndTheFindingNamesTheOthers) {
  WaivingRig w("capabilities.revision",
               [](C& h, C&) { h.supported_queue_properties |= ndis::kLookaheadSplitSupported; });
  EXPECT_FALSE(w.rig.engine.Initialize("A"));
  EXPECT_EQ(RuleOf(w.rig), "capabilities.hardware.msi-x");
  EXPECT_NE(w.rig.engine.finding()->message.find("also break capabilities.no-lookahead-split"),
            std::string::npos)
      << w.rig.engine.finding()->message;
  EXPECT_TRUE(w.waivers.empty());
}

}  // namespace
}  // namespace vmqkit::conformance
