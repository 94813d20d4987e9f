// Pins the engine's decisions E-650..E-655 (docs/errata.md): what reaches the DUT, how requests
// passed down without NDIS's checks are judged, where the model follows the DUT, where the model's
// hardware comes from, and which outputs are not compared. Each test drives the engine with the
// reference miniport behind a Device wrapper that records or bends one thing.
#include <gtest/gtest.h>

#include <algorithm>

#include "conformance/engine.h"
#include "conformance/suites.h"
#include "conformance/tests/bent_device.h"
#include "ndis/constants.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "reference/dut_ops.h"
#include "spec/capabilities.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisStatus;

using test::Rig;

spec::OidRequest Query(ndis::Oid oid) {
  spec::OidRequest r;
  r.oid = oid;
  r.kind = ndis::RequestKind::kQuery;
  return r;
}

TEST(EngineErrata, E650_QueriesNdisAnswersNeverReachTheDut) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  for (ndis::Oid oid :
       {ndis::kOidReceiveFilterHardwareCapabilities, ndis::kOidReceiveFilterCurrentCapabilities,
        ndis::kOidReceiveFilterGlobalParameters}) {
    EXPECT_TRUE(rig.engine.Oid("A", Query(oid))) << rig.engine.finding()->message;
  }
  EXPECT_TRUE(rig.device->calls.empty());
  // A miniport OID does reach it.
  EXPECT_TRUE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  ASSERT_EQ(rig.device->calls.size(), 1u);
  EXPECT_EQ(rig.device->calls[0], ndis::kOidReceiveFilterAllocateQueue);
}

TEST(EngineErrata, E651_RefusedRequestPassedDownAcceptsAnyFailureStatus) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  rig.device->bend_oid = [](const OidCall&, OidOutput& out) {
    if (out.status != 0) out.status = static_cast<std::uint32_t>(NdisStatus::kFailure);
  };
  // A filter on a queue never allocated: NDIS says INVALID_PARAMETER; FAILURE is conformant.
  EXPECT_TRUE(rig.engine.Oid("A", SetFilterRequest(ndis::kNdis630, 6, GuestMac(1), 10, false),
                             Delivery::kDirect))
      << rig.engine.finding()->message;
}

TEST(EngineErrata, E651_RefusedRequestPassedDownMustStillFail) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  rig.device->bend_oid = [](const OidCall&, OidOutput& out) { out.status = 0; };
  EXPECT_FALSE(rig.engine.Oid("A", SetFilterRequest(ndis::kNdis630, 6, GuestMac(1), 10, false),
                              Delivery::kDirect));
  EXPECT_NE(rig.engine.finding()->message.find("any failure status"), std::string::npos);
}

TEST(EngineErrata, E651_MalformedBufferNeedsTheDecodersExactStatus) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  rig.device->bend_oid = [](const OidCall&, OidOutput& out) {
    if (out.status != 0) out.status = static_cast<std::uint32_t>(NdisStatus::kFailure);
  };
  spec::OidRequest truncated = SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), 10, false);
  truncated.buffer.resize(3);  // shorter than NDIS_OBJECT_HEADER
  EXPECT_FALSE(rig.engine.Oid("A", truncated, Delivery::kDirect));
  EXPECT_EQ(rig.engine.finding()->rule.rfind("buffer.", 0), 0u) << rig.engine.finding()->rule;
}

TEST(EngineErrata, E652_HeldFrameOnAnotherPermittedQueueTheModelFollows) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  auto& e = rig.engine;
  // Two queues with the same filter: both permitted, queue 1 recommended (E-307).
  ASSERT_TRUE(e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  ASSERT_TRUE(e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  ASSERT_TRUE(e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true)));
  ASSERT_TRUE(e.Oid("A", SetFilterRequest(ndis::kNdis630, 2, GuestMac(1), std::nullopt, true)));
  ASSERT_TRUE(e.Oid("A", CompleteRequest({1, 2})));
  // The DUT says queue 2.
  rig.device->bend_observed = [](Observed& o) {
    for (auto& i : o.indications) i.queue_id = 2;
  };
  ASSERT_TRUE(e.Rx("A", Frame(GuestMac(1), std::nullopt), /*hold=*/true)) << e.finding()->message;
  rig.device->bend_observed = nullptr;
  // The model followed the DUT: nothing is outstanding on the recommended queue, so a free of
  // queue 1 completes at once on both sides.
  EXPECT_EQ(e.Model("A")->queues().at(1).outstanding, 0u);
  EXPECT_EQ(e.Model("A")->queues().at(2).outstanding, 0u);
  ASSERT_TRUE(e.Oid("A", ClearFilterRequest(1, 1)));
  EXPECT_TRUE(e.Oid("A", FreeQueueRequest(1))) << e.finding()->message;
}

// E-023: *RssOrVmqPreference must be read on hardware with both RSS and VMQ, and the hardware is
// what the DUT reports (vmqkit_dut_ops.reported_hardware_features), not what the platform offers.
void SkipRssOrVmqPreference(Observed& o) {
  std::erase_if(o.reads, [](const ConfigRead& r) { return r.keyword == "*RssOrVmqPreference"; });
}

TEST(EngineErrata, E023_DeviceReportedWithoutRssNeedNotReadRssOrVmqPreference) {
  Rig rig;  // the platform offers RSS and VMQ (VmqConfig)
  rig.engine.Configure("A", VmqConfig());
  rig.device->bend_observed = SkipRssOrVmqPreference;
  rig.device->bend_initialize = [](InitializeOutput& out) {
    out.reported_hardware_features = static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  };
  ASSERT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
  EXPECT_FALSE(rig.engine.Model("A")->config().support.rss);
  EXPECT_TRUE(rig.engine.Model("A")->config().support.vmq);
  // The scenario's configure line records the reported hardware, so a replay judges the same.
  EXPECT_FALSE(rig.engine.scenario().front()["support"]["rss"].get<bool>());
}

TEST(EngineErrata, E023_DeviceReportedWithRssAndVmqMustReadRssOrVmqPreference) {
  Rig rig;
  rig.engine.Configure("A", VmqConfig());
  rig.device->bend_observed = SkipRssOrVmqPreference;
  rig.device->bend_initialize = [](InitializeOutput& out) {
    out.reported_hardware_features = static_cast<std::uint32_t>(VMQKIT_HW_RSS | VMQKIT_HW_VMQ);
  };
  ASSERT_FALSE(rig.engine.Initialize("A"));
  EXPECT_EQ(rig.engine.finding()->rule, "read-rules.must-read");
  EXPECT_NE(rig.engine.finding()->message.find("*RssOrVmqPreference"), std::string::npos);
}

TEST(EngineErrata, E023_DeviceThatDoesNotSayHasThePlatformsHardware) {
  Rig rig;
  rig.engine.Configure("A", VmqConfig());
  rig.device->bend_observed = SkipRssOrVmqPreference;
  ASSERT_FALSE(rig.engine.Initialize("A"));
  EXPECT_EQ(rig.engine.finding()->rule, "read-rules.must-read");
  EXPECT_TRUE(rig.engine.scenario().front()["support"]["rss"].get<bool>());
}

// E-011 with E-020: *VMQVlanFiltering is must-read "when VMQ ends up enabled"; on VMQ-only hardware
// with *VMQ absent the model recommends VMQ and permits none (E-008), and a DUT that enabled none
// is judged on none.
spec::ModelConfig VmqOnlyWithoutKeywords() {
  spec::ModelConfig c = VmqConfig();
  c.support = spec::HardwareSupport{false, true, false};
  c.adapter_keywords.values.clear();
  return c;
}

void SkipVlanFiltering(Observed& o) {
  std::erase_if(o.reads, [](const ConfigRead& r) { return r.keyword == "*VMQVlanFiltering"; });
}

TEST(EngineErrata, E011_ReadRulesFollowThePermittedInterfaceTheDutEnabled) {
  // What the reference reports with VMQ disabled: header-only current capabilities.
  spec::ModelConfig disabled = VmqOnlyWithoutKeywords();
  spec::RegistryValue vmq_off;
  vmq_off.name = "*VMQ";
  vmq_off.type = spec::RegType::kSz;
  vmq_off.text = "0";
  disabled.adapter_keywords.values = {vmq_off};
  ndis::Bytes none;
  Rig off;
  off.engine.Configure("A", disabled);
  off.device->bend_initialize = [&none](InitializeOutput& out) { none = out.current; };
  ASSERT_TRUE(off.engine.Initialize("A")) << off.engine.finding()->message;

  Rig rig;
  rig.engine.Configure("A", VmqOnlyWithoutKeywords());
  rig.device->bend_initialize = [&none](InitializeOutput& out) { out.current = none; };
  rig.device->bend_observed = SkipVlanFiltering;
  ASSERT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
  const spec::AdvertiseDecision& d = rig.engine.Model("A")->decision();
  EXPECT_EQ(d.interface, spec::ReceiveInterface::kNone);
  EXPECT_EQ(std::count(d.must_read.begin(), d.must_read.end(), "*VMQVlanFiltering"), 0);
}

TEST(EngineErrata, E011_DutThatEnabledVmqMustStillReadVlanFiltering) {
  Rig rig;
  rig.engine.Configure("A", VmqOnlyWithoutKeywords());
  rig.device->bend_observed = SkipVlanFiltering;
  ASSERT_FALSE(rig.engine.Initialize("A"));
  EXPECT_EQ(rig.engine.finding()->rule, "read-rules.must-read");
  EXPECT_NE(rig.engine.finding()->message.find("*VMQVlanFiltering"), std::string::npos);
}

TEST(EngineErrata, E653_ModelHardwareIsTheDutsReportedHardware) {
  for (auto profile : {hwref::ProfileKind::kLarge, hwref::ProfileKind::k82599}) {
    Rig rig(&reference::DutOps(profile));
    ASSERT_TRUE(rig.Up()) << rig.engine.finding()->message;
    const auto& caps = rig.engine.Model("A")->capabilities().hardware;
    const spec::VmqHardware hw = rig.engine.Model("A")->config().hardware;
    EXPECT_EQ(hw.num_queues, caps.num_queues);
    EXPECT_EQ(hw.max_mac_header_filters, caps.max_mac_header_filters);
    // The configure line of the scenario carries that hardware, so a replay builds the same model.
    const auto& line = rig.engine.scenario().front();
    EXPECT_EQ(line["hardware"]["num_queues"].get<std::uint32_t>(), hw.num_queues);
  }
  Rig large(&reference::DutOps(hwref::ProfileKind::kLarge));
  Rig small(&reference::DutOps(hwref::ProfileKind::k82599));
  ASSERT_TRUE(large.Up() && small.Up());
  EXPECT_NE(large.engine.Model("A")->config().hardware.max_mac_header_filters,
            small.engine.Model("A")->config().hardware.max_mac_header_filters);
}

TEST(EngineErrata, E654_BytesReadOfSetRequestsIsNotCompared) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  rig.device->bend_oid = [](const OidCall& call, OidOutput& out) {
    // Inside the buffer (a count beyond it is E-950's finding), but not the structure size.
    if (call.request_type == VMQKIT_REQUEST_SET) out.bytes_written = 1;
  };
  auto& e = rig.engine;
  ASSERT_TRUE(e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  ASSERT_TRUE(e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true)));
  EXPECT_TRUE(e.Oid("A", ClearFilterRequest(1, 1))) << e.finding()->message;
  EXPECT_TRUE(e.Oid("A", FreeQueueRequest(1))) << e.finding()->message;
  EXPECT_GE(rig.device->calls.size(), 4u);
}

// E-655: the mandatory VMQ flags bind a miniport on VMQ hardware only; on hardware without VMQ
// the driver reports header-only capabilities, and reporting VMQ there still fails.
TEST(EngineErrata, E655_MandatoryVmqFlagsOnlyOnVmqHardware) {
  spec::CapabilityCheckInput empty;
  empty.hardware.revision = ndis::kRevision2;
  empty.current.revision = ndis::kRevision2;
  EXPECT_FALSE(spec::CheckCapabilities(empty).empty());  // VMQ hardware: MSI_X etc. required
  empty.vmq_hardware = false;
  EXPECT_TRUE(spec::CheckCapabilities(empty).empty());

  spec::ModelConfig no_vmq = VmqConfig();
  no_vmq.support.vmq = false;
  {
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", no_vmq));
    EXPECT_TRUE(rig.engine.Initialize("A")) << rig.engine.finding()->message;
    EXPECT_EQ(rig.engine.Model("A")->capabilities().hardware.supported_queue_properties, 0u);
  }
  {
    // A driver that claims VMQ on hardware without it: the hardware capabilities differ.
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", no_vmq));
    rig.device->bend_initialize = [](InitializeOutput& out) {
      auto decoded = ndis::DecodeReceiveFilterCapabilities(out.hardware);
      ASSERT_TRUE(decoded.ok());
      ndis::ReceiveFilterCapabilities caps = *decoded;
      caps.enabled_queue_types = ndis::kVmQueuesEnabled;
      caps.supported_queue_properties = ndis::kMsiXSupported | ndis::kVmQueueSupported;
      out.hardware = ndis::Encode(caps);
    };
    EXPECT_FALSE(rig.engine.Initialize("A"));
    ASSERT_TRUE(rig.engine.finding().has_value());
    EXPECT_EQ(rig.engine.finding()->rule, "capabilities.hardware-complete");
  }
  {
    // On VMQ hardware a missing mandatory flag is still caught.
    Rig rig;
    ASSERT_TRUE(rig.engine.Configure("A", VmqConfig()));
    rig.device->bend_initialize = [](InitializeOutput& out) {
      auto decoded = ndis::DecodeReceiveFilterCapabilities(out.hardware);
      ASSERT_TRUE(decoded.ok());
      ndis::ReceiveFilterCapabilities caps = *decoded;
      caps.supported_queue_properties &= ~ndis::kMsiXSupported;
      out.hardware = ndis::Encode(caps);
    };
    EXPECT_FALSE(rig.engine.Initialize("A"));
    ASSERT_TRUE(rig.engine.finding().has_value());
    EXPECT_EQ(rig.engine.finding()->rule, "capabilities.hardware.msi-x");
  }
}

}  // namespace
}  // namespace vmqkit::conformance
