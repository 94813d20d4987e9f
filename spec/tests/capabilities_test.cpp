// Capabilities: complete hardware capabilities, current ones after the decision, and every rule
// of the checker firing alone when its condition is broken.
#include <gtest/gtest.h>

#include "spec/capabilities.h"
#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT

AdvertiseDecision VmqDecision(bool vlan = true) {
  AdvertiseDecision d;
  d.interface = ReceiveInterface::kVmq;
  d.vmq_vlan_filtering = vlan;
  return d;
}

TEST(BuildCapabilities, HardwareCompleteWhateverKeywordsSay) {
  const auto off = BuildCapabilities(VmqHardware{}, ndis::kNdis630, VmqDecision(false));
  EXPECT_NE(off.hardware.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported, 0u);
  EXPECT_EQ(off.current.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported, 0u);
  AdvertiseDecision rss;
  rss.interface = ReceiveInterface::kRss;
  const auto none = BuildCapabilities(VmqHardware{}, ndis::kNdis630, rss);
  EXPECT_EQ(none.hardware.num_queues, 7u);
  EXPECT_EQ(none.current.num_queues, 0u);
  EXPECT_EQ(none.current.enabled_queue_types, 0u);
}

TEST(BuildCapabilities, RevisionFollowsNdisVersion) {
  EXPECT_EQ(BuildCapabilities({}, ndis::kNdis620, VmqDecision()).hardware.revision, 1);
  EXPECT_EQ(BuildCapabilities({}, ndis::kNdis630, VmqDecision()).hardware.revision, 2);
}

TEST(BuildCapabilities, SriovPlusVmqHasNoVmQueues) {
  AdvertiseDecision d = VmqDecision();
  d.interface = ReceiveInterface::kSriovVmq;
  EXPECT_EQ(BuildCapabilities({}, ndis::kNdis630, d).current.num_queues, 0u);
}

TEST(BuildCapabilities, ModelOutputPassesTheChecker) {
  for (auto version : {ndis::kNdis620, ndis::kNdis630, ndis::kNdis680}) {
    const auto caps = BuildCapabilities({}, version, VmqDecision());
    EXPECT_TRUE(CheckCapabilities({version, caps.hardware, caps.current, 8}).empty())
        << ndis::ToString(version);
  }
}

struct Mutation {
  std::string rule;
  std::function<void(CapabilityCheckInput&)> apply;
};

class CapabilityRule : public testing::TestWithParam<Mutation> {};

TEST_P(CapabilityRule, BreakingItReportsExactlyThatRule) {
  const auto caps = BuildCapabilities({}, ndis::kNdis630, VmqDecision());
  CapabilityCheckInput input{ndis::kNdis630, caps.hardware, caps.current, 8};
  GetParam().apply(input);
  const auto violations = CheckCapabilities(input);
  ASSERT_EQ(violations.size(), 1u) << GetParam().rule;
  EXPECT_EQ(violations[0].rule, GetParam().rule);
  EXPECT_FALSE(violations[0].source.empty());
}

void Clear(std::uint32_t& bits, std::uint32_t flag) {
  bits &= ~flag;
}

INSTANTIATE_TEST_SUITE_P(
    Rules, CapabilityRule,
    testing::Values(
        Mutation{"hardware.msi-x",
                 [](auto& in) {
                   Clear(in.hardware.supported_queue_properties, ndis::kMsiXSupported);
                   Clear(in.current.supported_queue_properties, ndis::kMsiXSupported);
                 }},
        Mutation{"hardware.vm-queue",
                 [](auto& in) {
                   Clear(in.hardware.supported_queue_properties, ndis::kVmQueueSupported);
                   Clear(in.current.supported_queue_properties, ndis::kVmQueueSupported);
                 }},
        Mutation{"hardware.test-equal",
                 [](auto& in) {
                   in.hardware.supported_filter_tests = ndis::kTestHeaderFieldMaskEqualSupported;
                   in.current.supported_filter_tests = 0;
                 }},
        Mutation{"hardware.mac-header",
                 [](auto& in) {
                   in.hardware.supported_headers = ndis::kIpv4HeaderSupported;
                   in.current.supported_headers = 0;
                 }},
        Mutation{"hardware.dest-addr",
                 [](auto& in) {
                   Clear(in.hardware.supported_mac_header_fields,
                         ndis::kMacHeaderDestAddrSupported);
                   Clear(in.current.supported_mac_header_fields, ndis::kMacHeaderDestAddrSupported);
                 }},
        Mutation{"hardware.dynamic-affinity",
                 [](auto& in) {
                   Clear(in.hardware.supported_queue_properties,
                         ndis::kDynamicProcessorAffinityChangeSupported);
                   Clear(in.current.supported_queue_properties,
                         ndis::kDynamicProcessorAffinityChangeSupported);
                 }},
        Mutation{"hardware.interrupt-coalescing",
                 [](auto& in) {
                   Clear(in.hardware.supported_queue_properties,
                         ndis::kInterruptVectorCoalescingSupported);
                   Clear(in.current.supported_queue_properties,
                         ndis::kInterruptVectorCoalescingSupported);
                 }},
        Mutation{"no-lookahead-split",
                 [](auto& in) { in.hardware.max_lookahead_split_size = 256; }},
        Mutation{"revision", [](auto& in) { in.current.revision = 1; }},
        Mutation{"flags-reserved", [](auto& in) { in.hardware.flags = 1; }},
        Mutation{"implat-flags",
                 [](auto& in) {
                   in.hardware.supported_queue_properties |= ndis::kImplatSumOfQueuesMode;
                 }},
        Mutation{"num-queues-excludes-default", [](auto& in) { in.hardware_total_queues = 7; }},
        Mutation{"mac-filters-cover-queues",
                 [](auto& in) {
                   in.hardware.max_mac_header_filters = 6;
                   in.current.max_mac_header_filters = 6;
                 }},
        Mutation{"current-subset-of-hardware",
                 [](auto& in) {
                   in.current.supported_mac_header_fields |= ndis::kMacHeaderPrioritySupported;
                 }}),
    [](const testing::TestParamInfo<Mutation>& param_info) {
      std::string name;
      for (char c : param_info.param.rule)
        name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(CheckCapabilities, Rules630DoNotApplyTo620) {
  const auto caps = BuildCapabilities({}, ndis::kNdis620, VmqDecision());
  CapabilityCheckInput input{ndis::kNdis620, caps.hardware, caps.current, {}};
  EXPECT_TRUE(CheckCapabilities(input).empty());
  EXPECT_EQ(CapabilityRules().size(), 14u);
}

}  // namespace
}  // namespace vmqkit::spec
