// End to end: wire frame -> hwref pipeline -> ring -> indication with the queue id.
#include <gtest/gtest.h>

#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

class Routing : public ::testing::TestWithParam<hwref::ProfileKind> {
 protected:
  void SetUp() override {
    DutOptions options;
    options.profile = GetParam();
    dut = std::make_unique<Dut>(options);
    ASSERT_EQ(dut->Initialize(), NdisStatus::kSuccess);
    ASSERT_EQ(dut->Allocate(1).status, NdisStatus::kSuccess);
    ASSERT_EQ(dut->Allocate(2).status, NdisStatus::kSuccess);
    ASSERT_EQ(dut->SetFilter(1, 10, Mac(1)).status, NdisStatus::kSuccess);       // untagged-or-zero
    ASSERT_EQ(dut->SetFilter(2, 20, Mac(2), 100).status, NdisStatus::kSuccess);  // VLAN 100
    ASSERT_EQ(dut->Complete({1, 2}).status, NdisStatus::kSuccess);
  }
  // The queue the frame was indicated on, or nullopt when it was not indicated.
  std::optional<Indication> Deliver(const std::vector<std::uint8_t>& frame) {
    const std::size_t before = dut->log.indications.size();
    dut->Send(frame);
    if (dut->log.indications.size() == before) return std::nullopt;
    EXPECT_EQ(dut->log.indications.size(), before + 1);
    return dut->log.indications.back();
  }
  std::unique_ptr<Dut> dut;
};

TEST_P(Routing, UntaggedAndPriorityTagged_MatchTheUntaggedOrZeroFilter) {
  EXPECT_EQ(Deliver(Frame(Mac(1)))->queue_id, 1u);
  const auto priority = Deliver(Frame(Mac(1), std::uint16_t{0x6000}));  // PCP 3, VID 0
  ASSERT_TRUE(priority);
  EXPECT_EQ(priority->queue_id, 1u);
  EXPECT_EQ(priority->frame, Frame(Mac(1), std::uint16_t{0x6000}));  // the priority tag stays
  EXPECT_EQ(priority->vlan_id, 0u);
}

TEST_P(Routing, TaggedFrameForUntaggedFilter_GoesToDefaultQueue) {
  EXPECT_EQ(Deliver(Frame(Mac(1), std::uint16_t{100}))->queue_id, 0u);
}

TEST_P(Routing, VlanFilter_MatchesOnlyItsVlan_TagInOobData) {
  const auto hit = Deliver(Frame(Mac(2), std::uint16_t{100}));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->queue_id, 2u);
  EXPECT_EQ(hit->vlan_id, 100u);  // NDIS 6.30: tag stripped into 802.1Q OOB data
  EXPECT_EQ(hit->frame.size(), Frame(Mac(2), std::uint16_t{100}).size() - 4);
  EXPECT_EQ(Deliver(Frame(Mac(2)))->queue_id, 0u);                      // untagged
  EXPECT_EQ(Deliver(Frame(Mac(2), std::uint16_t{0}))->queue_id, 0u);    // VID 0
  EXPECT_EQ(Deliver(Frame(Mac(2), std::uint16_t{101}))->queue_id, 0u);  // other VLAN
}

TEST_P(Routing, TaggedFrameForUnknownMac_ReachesDefaultQueueNotDropped) {
  EXPECT_EQ(Deliver(Frame(Mac(9), std::uint16_t{100}))->queue_id, 0u);
  EXPECT_EQ(Deliver(Frame(Mac(9), std::uint16_t{3000}))->queue_id, 0u);
  EXPECT_EQ(Deliver(Frame(Mac(9)))->queue_id, 0u);
}

TEST_P(Routing, BroadcastAndMulticast_GoToDefaultQueue) {
  EXPECT_EQ(Deliver(Frame(hwref::kBroadcastMac))->queue_id, 0u);
  EXPECT_EQ(Deliver(Frame(hwref::kBroadcastMac, std::uint16_t{100}))->queue_id, 0u);
  EXPECT_EQ(Deliver(Frame(hwref::PackMac({0x01, 0x00, 0x5E, 0, 0, 1})))->queue_id, 0u);
}

TEST_P(Routing, IndicationsCarrySingleQueueFlagAndFilterIdZero) {
  const auto hit = Deliver(Frame(Mac(1)));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->flags, static_cast<std::uint32_t>(VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE));
  EXPECT_EQ(hit->filter_id, 0u);
}

TEST_P(Routing, RuntFrame_NotIndicated) {
  auto runt = Frame(Mac(1));
  runt.resize(40);
  EXPECT_FALSE(Deliver(runt).has_value());
}

// E-505 / E-304: a queue's filters take effect at QUEUE_ALLOCATION_COMPLETE; before that its
// frames reach the default queue (never lost, as live migration needs), tagged ones too.
TEST_P(Routing, QueueNotComplete_FramesReachTheDefaultQueueUntilComplete) {
  ASSERT_EQ(dut->Allocate(3).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut->SetFilter(3, 30, Mac(3)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut->SetFilter(3, 31, Mac(4), 300).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut->SetFilter(3, 32, hwref::kBroadcastMac).status, NdisStatus::kSuccess);
  const auto untagged = Deliver(Frame(Mac(3)));
  ASSERT_TRUE(untagged.has_value());
  EXPECT_EQ(untagged->queue_id, 0u);
  const auto tagged = Deliver(Frame(Mac(4), std::uint16_t{300}));
  ASSERT_TRUE(tagged.has_value());
  EXPECT_EQ(tagged->queue_id, 0u);
  const auto broadcast = Deliver(Frame(hwref::kBroadcastMac));
  ASSERT_TRUE(broadcast.has_value());
  EXPECT_EQ(broadcast->queue_id, 0u);
  ASSERT_EQ(dut->Complete({3}).status, NdisStatus::kSuccess);
  EXPECT_EQ(Deliver(Frame(Mac(3)))->queue_id, 3u);
  EXPECT_EQ(Deliver(Frame(Mac(4), std::uint16_t{300}))->queue_id, 3u);
  EXPECT_EQ(Deliver(Frame(hwref::kBroadcastMac))->queue_id, 3u);
}

// A filter set on a Paused queue makes it Running at once: its frames go to it immediately.
TEST_P(Routing, FilterOnPausedQueue_TakesEffectAtOnce) {
  ASSERT_EQ(dut->Allocate(3).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut->Complete({3}).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut->SetFilter(3, 30, Mac(3)).status, NdisStatus::kSuccess);
  EXPECT_EQ(Deliver(Frame(Mac(3)))->queue_id, 3u);
}

TEST_P(Routing, LastFilterCleared_FramesGoToDefaultQueue) {
  ASSERT_EQ(dut->ClearFilter(1, 10).status, NdisStatus::kSuccess);
  EXPECT_EQ(Deliver(Frame(Mac(1)))->queue_id, 0u);
}

TEST_P(Routing, ManyFramesNeverReturned_RingNeverStarves) {
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(Deliver(Frame(Mac(1))).has_value()) << i;
}

INSTANTIATE_TEST_SUITE_P(Profiles, Routing,
                         ::testing::Values(hwref::ProfileKind::kLarge, hwref::ProfileKind::k82599),
                         [](const auto& param_info) {
                           return param_info.param == hwref::ProfileKind::kLarge ? "Large"
                                                                                 : "I82599";
                         });

// E-503: on the 82599's 64 VLAN entries, a tagged broadcast of a VLAN no filter uses has no VLAN
// pool to go to; the large table keeps every VLAN open to the default queue.
TEST(RoutingLimits, E503_TaggedBroadcastOfUnusedVlan_DroppedOn82599OnlyWithoutEntry) {
  DutOptions options;
  options.profile = hwref::ProfileKind::k82599;
  Dut small(options);
  ASSERT_EQ(small.Initialize(), NdisStatus::kSuccess);
  small.Send(Frame(hwref::kBroadcastMac, std::uint16_t{77}));
  EXPECT_TRUE(small.log.indications.empty());
  Dut large;
  ASSERT_EQ(large.Initialize(), NdisStatus::kSuccess);
  large.Send(Frame(hwref::kBroadcastMac, std::uint16_t{77}));
  ASSERT_EQ(large.log.indications.size(), 1u);
  EXPECT_EQ(large.log.indications[0].queue_id, 0u);
}

}  // namespace
}  // namespace vmqkit::reference::test
