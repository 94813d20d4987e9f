// Initialize reports complete hardware capabilities and the enabled subset, byte-exact.
#include <gtest/gtest.h>

#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

ndis::ReceiveFilterCapabilities Decode(const ndis::Bytes& bytes) {
  auto decoded = ndis::DecodeReceiveFilterCapabilities(bytes);
  EXPECT_TRUE(decoded.ok());
  return decoded.ok() ? *decoded : ndis::ReceiveFilterCapabilities{};
}

TEST(Capabilities, Ndis630_Revision2Of84BytesWithMandatoryVmqFlags) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.hardware_caps.size(), 84u);
  EXPECT_EQ(dut.hardware_caps[0], 0x80);
  EXPECT_EQ(dut.hardware_caps[1], 2);
  const auto hw = Decode(dut.hardware_caps);
  EXPECT_EQ(hw.supported_queue_properties, ndis::kMsiXSupported | ndis::kVmQueueSupported |
                                               ndis::kDynamicProcessorAffinityChangeSupported |
                                               ndis::kInterruptVectorCoalescingSupported);
  EXPECT_EQ(hw.supported_filter_tests, ndis::kTestHeaderFieldEqualSupported);
  EXPECT_EQ(hw.supported_headers, ndis::kMacHeaderSupported);
  EXPECT_EQ(hw.supported_mac_header_fields,
            ndis::kMacHeaderDestAddrSupported | ndis::kMacHeaderVlanIdSupported);
  EXPECT_EQ(hw.num_queues, 63u);  // 64 pools, the default queue's excluded
  EXPECT_GE(hw.max_mac_header_filters, hw.num_queues);
  EXPECT_EQ(hw.min_lookahead_split_size, 0u);
  EXPECT_EQ(hw.max_lookahead_split_size, 0u);
  EXPECT_EQ(dut.current_caps, dut.hardware_caps);
}

// [WDD] determining-the-vmq-capabilities-of-a-network-adapter, NumQueues: "To support VMQ, this
// number must be equal to or less than the number of unicast MAC addresses that the NIC supports
// ... does not include the MAC address of the associated NIC" (docs/errata.md E-021). The address
// count is the hardware's (RAL/RAH entries), not a capability member, so it is checked here.
TEST(Capabilities, E021_NumQueuesNotAboveUnicastAddressesBesideItsOwn) {
  for (const hwref::Profile& profile :
       {hwref::k82599Profile, hwref::kLargeProfile, hwref::kScaleProfile}) {
    DutOptions options;
    options.profile = profile.kind;
    Dut dut(options);
    ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
    EXPECT_LE(Decode(dut.hardware_caps).num_queues, profile.address_entries - 1) << profile.name;
  }
}

TEST(Capabilities, Ndis620_Revision1Of56BytesWithoutSixThirtyFlags) {
  DutOptions options;
  options.ndis_minor = 20;
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.hardware_caps.size(), 56u);
  EXPECT_EQ(Decode(dut.hardware_caps).supported_queue_properties,
            ndis::kMsiXSupported | ndis::kVmQueueSupported);
}

TEST(Capabilities, VmqDisabled_HardwareStillComplete_CurrentEmpty) {
  DutOptions options;
  options.registry = {{"*RssOrVmqPreference", 1}, {"*VMQ", 0}};
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  EXPECT_EQ(Decode(dut.hardware_caps).num_queues, 63u);
  const auto current = Decode(dut.current_caps);
  EXPECT_EQ(current, ndis::ReceiveFilterCapabilities{});
  EXPECT_EQ(dut.current_caps.size(), 84u);
  // And the VMQ OIDs are not available.
  EXPECT_EQ(dut.Allocate(1).status, NdisStatus::kNotSupported);
}

TEST(Capabilities, VlanFilteringOff_CurrentLacksVlanIdAndVlanFiltersAreRefused) {
  DutOptions options;
  options.registry = {{"*RssOrVmqPreference", 1}, {"*VMQVlanFiltering", 0}};
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  EXPECT_EQ(Decode(dut.current_caps).supported_mac_header_fields,
            ndis::kMacHeaderDestAddrSupported);
  EXPECT_NE(Decode(dut.hardware_caps).supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported,
            0u);
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.SetFilter(1, 1, Mac(1), 10).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.SetFilter(1, 1, Mac(1)).status, NdisStatus::kSuccess);
}

TEST(Capabilities, QueryOids_AnswerTheSameBytes) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  auto hw = dut.Request(ndis::kOidReceiveFilterHardwareCapabilities, VMQKIT_REQUEST_QUERY,
                        ndis::Bytes(128), 0, 128);
  ASSERT_EQ(hw.status, NdisStatus::kSuccess);
  EXPECT_EQ(hw.written, 84u);
  hw.buffer.resize(84);
  EXPECT_EQ(hw.buffer, dut.hardware_caps);
  auto short_query = dut.Request(ndis::kOidReceiveFilterCurrentCapabilities, VMQKIT_REQUEST_QUERY,
                                 ndis::Bytes(10), 0, 10);
  EXPECT_EQ(short_query.status, NdisStatus::kInvalidLength);
  EXPECT_EQ(short_query.needed, 84u);
}

}  // namespace
}  // namespace vmqkit::reference::test
