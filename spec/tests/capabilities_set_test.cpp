// The permitted sets of receive-filter capabilities (spec/capabilities_set.h): the recommended
// structure of every interface is in its set, the SR-IOV-only structure is the DDI's, a richer
// hardware structure is in the set, and --strict narrows to the recommended one.
#include <gtest/gtest.h>

#include <set>
#include <utility>

#include "ndis/constants.h"
#include "spec/capabilities_set.h"

namespace vmqkit::spec {
namespace {

using C = ndis::ReceiveFilterCapabilities;
using RI = ReceiveInterface;

C Hardware(ndis::NdisVersion version) {
  AdvertiseDecision d;
  d.interface = RI::kVmq;
  return BuildCapabilities({}, version, d).hardware;
}

TEST(CapabilitiesSet, FlagTableHasOneRowPerFlagOfAMember) {
  std::set<std::pair<std::string_view, std::uint32_t>> seen;
  for (const CapabilityFlagRow& row : CapabilityFlagTable()) {
    EXPECT_NE(row.bit, 0u) << row.flag;
    EXPECT_EQ(row.bit & (row.bit - 1), 0u) << row.flag << " is one bit";
    // 0x40 is two flags of two eras (IMPLAT before 6.80, default-queue affinity from 6.80).
    EXPECT_TRUE(seen.insert({row.member, row.bit}).second) << row.member << " " << row.flag;
  }
}

TEST(CapabilitiesSet, RecommendedCurrentOfEveryInterfaceIsPermitted) {
  for (auto version : {ndis::kNdis620, ndis::kNdis630, ndis::kNdis680}) {
    const C hw = Hardware(version);
    EXPECT_TRUE(JudgeHardwareCapabilities(version, true, hw).empty()) << ndis::ToString(version);
    for (RI i : {RI::kNone, RI::kRss, RI::kVmq, RI::kSriov, RI::kSriovVmq}) {
      if (version < ndis::kNdis630 && (i == RI::kSriov || i == RI::kSriovVmq)) continue;
      for (bool vlan : {false, true}) {
        const CurrentSettings settings{version, vlan, false};
        const C current = RecommendedCurrent(hw, i, settings);
        const auto v = JudgeCurrentCapabilities(hw, i, settings, current);
        EXPECT_TRUE(v.empty()) << ToString(i) << " " << ndis::ToString(version) << ": "
                               << (v.empty() ? "" : v[0].message);
      }
    }
  }
}

// E-010: "The miniport driver must set this flag [VM_QUEUE_SUPPORTED] if it is enabled to use the
// VMQ or SR-IOV interface"; VM_QUEUES_ENABLED "must not [be set] if ... enabled to only use the
// SR-IOV interface"; NumQueues "must set this member to zero"; VMQ_FILTERS_ENABLED "should set".
TEST(CapabilitiesSet, E010_SriovOnlyStructure) {
  const C hw = Hardware(ndis::kNdis630);
  const CurrentSettings settings{ndis::kNdis630, true, false};
  const C c = RecommendedCurrent(hw, RI::kSriov, settings);
  EXPECT_NE(c.supported_queue_properties & ndis::kVmQueueSupported, 0u);
  EXPECT_NE(c.supported_queue_properties & ndis::kMsiXSupported, 0u);
  EXPECT_EQ(c.enabled_queue_types & ndis::kVmQueuesEnabled, 0u);
  EXPECT_EQ(c.num_queues, 0u);
  EXPECT_NE(c.enabled_filter_types & ndis::kVmqFiltersEnabled, 0u);

  C without_filters = c;
  without_filters.enabled_filter_types = 0;
  const auto v = JudgeCurrentCapabilities(hw, RI::kSriov, settings, without_filters);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].should);
  const std::array<RI, 1> only_sriov{RI::kSriov};
  EXPECT_TRUE(
      JudgeCurrentAgainstPermitted(hw, only_sriov, settings, without_filters, false).chosen);
  EXPECT_FALSE(
      JudgeCurrentAgainstPermitted(hw, only_sriov, settings, without_filters, true).chosen);

  C header_only;
  header_only.revision = c.revision;
  EXPECT_FALSE(JudgeCurrentCapabilities(hw, RI::kSriov, settings, header_only).empty());
}

// E-010: SR-IOV hardware whose hardware capabilities do not report VMQ_FILTERS_ENABLED: the
// should does not apply (the current capabilities stay within the hardware's), so even --strict
// takes the structure without it, and the recommended structure does not add it.
TEST(CapabilitiesSet, E010_SriovVmqFiltersShouldOnlyWhereTheHardwareReportsThem) {
  C hw = Hardware(ndis::kNdis630);
  hw.enabled_filter_types = 0;
  const CurrentSettings settings{ndis::kNdis630, true, false};
  const C c = RecommendedCurrent(hw, RI::kSriov, settings);
  EXPECT_EQ(c.enabled_filter_types & ndis::kVmqFiltersEnabled, 0u);
  EXPECT_TRUE(JudgeCurrentCapabilities(hw, RI::kSriov, settings, c).empty());
  const std::array<RI, 1> only_sriov{RI::kSriov};
  EXPECT_TRUE(JudgeCurrentAgainstPermitted(hw, only_sriov, settings, c, true).chosen);
  C with_filters = c;
  with_filters.enabled_filter_types = ndis::kVmqFiltersEnabled;  // beyond the hardware: a must
  const auto v = JudgeCurrentCapabilities(hw, RI::kSriov, settings, with_filters);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, "current.within-hardware");
  EXPECT_FALSE(v[0].should);
}

// Point 3: the judgement walks the permitted interfaces, the recommended one first.
TEST(CapabilitiesSet, E020_AnyPermittedInterfaceIsChosenButStrictWantsTheRecommended) {
  const C hw = Hardware(ndis::kNdis630);
  const CurrentSettings settings{ndis::kNdis630, true, false};
  const std::array<RI, 2> permitted{RI::kSriovVmq, RI::kSriov};
  const C sriov = RecommendedCurrent(hw, RI::kSriov, settings);
  EXPECT_EQ(JudgeCurrentAgainstPermitted(hw, permitted, settings, sriov, false).chosen, RI::kSriov);
  EXPECT_FALSE(JudgeCurrentAgainstPermitted(hw, permitted, settings, sriov, true).chosen);
  const C both = RecommendedCurrent(hw, RI::kSriovVmq, settings);
  EXPECT_EQ(JudgeCurrentAgainstPermitted(hw, permitted, settings, both, true).chosen,
            RI::kSriovVmq);
}

// Point 1 (E-019): the current structure follows *VMQVlanFiltering wherever the hardware filters
// on VLAN ids; a VLAN flag the keyword disabled is outside every set.
TEST(CapabilitiesSet, E019_VlanFlagFollowsTheKeyword) {
  const C hw = Hardware(ndis::kNdis630);
  const CurrentSettings off{ndis::kNdis630, false, false};
  const C on_anyway = RecommendedCurrent(hw, RI::kVmq, {ndis::kNdis630, true, false});
  const auto v = JudgeCurrentCapabilities(hw, RI::kVmq, off, on_anyway);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].rule, "current.follows-keywords");
}

}  // namespace
}  // namespace vmqkit::spec
