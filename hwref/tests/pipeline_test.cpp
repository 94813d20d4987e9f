// One named test per branch of the receive decision (docs/hwref.md, "Decision order"), each run
// on both paths: the readable path and the fast path must give the same answer.
#include <gtest/gtest.h>

#include "hwref/nic.h"
#include "hwref/readable_path.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
using test::AllowVlan;
using test::EnableVmdq;
using test::EthernetFrame;
using test::Mac;
using test::SetAddress;
using test::SetVlanPoolFilter;

constexpr std::uint64_t kMacA = Mac(0x00, 0x15, 0x5D, 0x00, 0x00, 0x0A);
constexpr std::uint64_t kMacB = Mac(0x00, 0x15, 0x5D, 0x00, 0x00, 0x0B);
constexpr std::uint64_t kUnknown = Mac(0x00, 0x15, 0x5D, 0x00, 0x00, 0xEE);
constexpr std::uint64_t kMulticast = Mac(0x01, 0x00, 0x5E, 0x00, 0x00, 0x01);

std::uint64_t Bit(std::uint32_t pool) {
  return std::uint64_t{1} << pool;
}

class Pipeline : public ::testing::Test {
 protected:
  Pipeline() : nic_(k82599Profile, HostMemory(0x10000, 0x1000)) {}
  RegisterFile& regs() { return nic_.registers(); }

  // Both paths must agree; the result is what they agree on.
  Decision Decide(const std::vector<std::uint8_t>& frame) {
    const Decision readable = DecideReadable(regs(), frame);
    const Decision fast = nic_.Decide(frame, RxPath::kFast);
    EXPECT_EQ(readable, fast);
    QueueId one[1];
    const Frame frames[1] = {frame};
    nic_.Classify(frames, one);
    EXPECT_EQ(one[0], Summarize(readable));
    return readable;
  }
  static Decision Dropped(DropReason reason) {
    Decision d;
    d.drop = reason;
    return d;
  }
  static Decision Queues(std::vector<std::uint32_t> queues) {
    Decision d;
    d.queues = std::move(queues);
    return d;
  }

  Nic nic_;
};

TEST_F(Pipeline, ReceiveDisabledDropsEverything) {
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Dropped(DropReason::kReceiveDisabled));
}

TEST_F(Pipeline, UndersizeFrameIsDropped) {
  EnableVmdq(regs());
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt, 59)), Dropped(DropReason::kUndersize));
  EXPECT_EQ(Decide({}), Dropped(DropReason::kUndersize));
}

TEST_F(Pipeline, OversizeFrameIsDroppedTagGetsFourBytesMore) {
  EnableVmdq(regs());
  SetAddress(regs(), 0, kMacA, Bit(0));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt, 1514)), Queues({0}));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt, 1515)), Dropped(DropReason::kOversize));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 5, 1518)), Queues({0}));  // VFE off: no VLAN stages
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 5, 1519)), Dropped(DropReason::kOversize));
}

TEST_F(Pipeline, GlobalVlanFilterDropsTaggedFrameBeforePoolSelection) {
  EnableVmdq(regs());
  SetAddress(regs(), 0, kMacA, Bit(3));
  SetVlanPoolFilter(regs(), 0, 10, Bit(3));  // the pool filter alone is not enough
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 10)), Dropped(DropReason::kVlanFilter));
  AllowVlan(regs(), 10);
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 10)), Queues({6}));
}

TEST_F(Pipeline, MacStageExactEntryGivesItsMpsarPools) {
  EnableVmdq(regs());
  SetAddress(regs(), 5, kMacA, Bit(7));
  SetAddress(regs(), 100, kMacB, Bit(40));  // second RAR block, high MPSAR word
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({14}));
  EXPECT_EQ(Decide(EthernetFrame(kMacB, std::nullopt)), Queues({80}));
}

TEST_F(Pipeline, MacStageIgnoresEntriesWithoutAddressValid) {
  EnableVmdq(regs(), 0x8, 0, true);
  regs().Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlDisDefPl.Mask());
  SetAddress(regs(), 0, kMacA, Bit(1));
  regs().Write(R::kRAH, 0, static_cast<std::uint32_t>(kMacA >> 32));  // AV cleared
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Dropped(DropReason::kNoPool));
}

TEST_F(Pipeline, MacStageOrsPoolsOfDuplicateEntries) {
  EnableVmdq(regs());
  SetAddress(regs(), 1, kMacA, Bit(2));
  SetAddress(regs(), 2, kMacA, Bit(4));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({4, 8}));
}

TEST_F(Pipeline, BroadcastGoesToBamPools) {
  EnableVmdq(regs());
  regs().Write(R::kVMOLR, 1, field::kVmolrBam.Mask());
  regs().Write(R::kVMOLR, 9, field::kVmolrBam.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kBroadcastMac, std::nullopt)), Queues({2, 18}));
}

TEST_F(Pipeline, MulticastHashHitGoesToRompePoolsWhenMfeSet) {
  EnableVmdq(regs());
  regs().Write(R::kVMOLR, 6, field::kVmolrRompe.Mask());
  const std::uint32_t index = HashTableIndex(kMulticast, 0);
  regs().Write(R::kMTA, index / 32, 1u << (index % 32));
  EXPECT_EQ(Decide(EthernetFrame(kMulticast, std::nullopt)), Dropped(DropReason::kNoPool));
  regs().Write(R::kMCSTCTRL, 0, field::kMcstctrlMfe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kMulticast, std::nullopt)), Queues({12}));
}

TEST_F(Pipeline, MulticastGoesToMpePools) {
  EnableVmdq(regs());
  regs().Write(R::kVMOLR, 3, field::kVmolrMpe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kMulticast, std::nullopt)), Queues({6}));
}

TEST_F(Pipeline, UnicastHashHitGoesToRopePools) {
  EnableVmdq(regs());
  regs().Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlDisDefPl.Mask());
  regs().Write(R::kVMOLR, 2, field::kVmolrRope.Mask());
  const std::uint32_t index = HashTableIndex(kUnknown, 0);
  regs().Write(R::kUTA, index / 32, 1u << (index % 32));
  EXPECT_EQ(Decide(EthernetFrame(kUnknown, std::nullopt)), Queues({4}));
}

TEST_F(Pipeline, TaggedFrameKeepsOnlyPoolsOfItsVlvfEntry) {
  EnableVmdq(regs());
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  AllowVlan(regs(), 20);
  SetAddress(regs(), 0, kMacA, Bit(1) | Bit(2));  // shared MAC, two pools
  SetVlanPoolFilter(regs(), 3, 20, Bit(2) | Bit(5));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 20)), Queues({4}));  // {1,2} & {2,5}
}

TEST_F(Pipeline, VlvfEntryWithoutViEnMatchesNothing) {
  EnableVmdq(regs());
  regs().Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlDisDefPl.Mask());
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  AllowVlan(regs(), 20);
  SetAddress(regs(), 0, kMacA, Bit(2));
  SetVlanPoolFilter(regs(), 3, 20, Bit(2));
  regs().Write(R::kVLVF, 3, 20);  // VI_En cleared
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 20)), Dropped(DropReason::kNoPool));
}

TEST_F(Pipeline, UntaggedFrameNeedsAupeWhenVlanFilteringIsOn) {
  EnableVmdq(regs(), 0x8, 0, true);
  regs().Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlDisDefPl.Mask());
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  SetAddress(regs(), 0, kMacA, Bit(4));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Dropped(DropReason::kNoPool));
  regs().Write(R::kVMOLR, 4, field::kVmolrAupe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({8}));
}

TEST_F(Pipeline, PriorityTaggedFrameCountsAsUntagged) {
  EnableVmdq(regs());
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());  // VFTA bit 0 clear
  SetAddress(regs(), 0, kMacA, Bit(4));
  regs().Write(R::kVMOLR, 4, field::kVmolrAupe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 0x6000)), Queues({8}));  // PCP 3, VID 0
}

TEST_F(Pipeline, VlanPoolStageIsOffWithoutVfe) {
  EnableVmdq(regs());
  SetAddress(regs(), 0, kMacA, Bit(4));
  SetVlanPoolFilter(regs(), 0, 30, Bit(9));  // ignored: VFE clear
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 30)), Queues({8}));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({8}));  // no AUPE needed
}

TEST_F(Pipeline, UnicastWithoutPoolGoesToDefaultPool) {
  EnableVmdq(regs(), 0x8, 17);
  EXPECT_EQ(Decide(EthernetFrame(kUnknown, std::nullopt)), Queues({34}));
}

TEST_F(Pipeline, KnownMacOnWrongVlanFallsToDefaultPool) {
  EnableVmdq(regs(), 0x8, 0);
  regs().Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  AllowVlan(regs(), 7);
  SetAddress(regs(), 0, kMacA, Bit(5));
  SetVlanPoolFilter(regs(), 0, 7, Bit(6));  // the MAC and VLAN bitmaps do not intersect
  EXPECT_EQ(Decide(EthernetFrame(kMacA, 7)), Queues({0}));
}

TEST_F(Pipeline, DisabledDefaultPoolDropsUnicastWithoutPool) {
  EnableVmdq(regs());
  regs().Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlDisDefPl.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kUnknown, std::nullopt)), Dropped(DropReason::kNoPool));
}

TEST_F(Pipeline, MulticastWithoutPoolIsDroppedNotDefaulted) {
  EnableVmdq(regs(), 0x8, 3);
  EXPECT_EQ(Decide(EthernetFrame(kMulticast, std::nullopt)), Dropped(DropReason::kNoPool));
  EXPECT_EQ(Decide(EthernetFrame(kBroadcastMac, std::nullopt)), Dropped(DropReason::kNoPool));
}

TEST_F(Pipeline, VfreMasksDisabledPools) {
  EnableVmdq(regs());
  SetAddress(regs(), 0, kMacA, Bit(33) | Bit(2));
  regs().Write(R::kVFRE, 1, 0);  // pools 32-63 off
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({4}));
  regs().Write(R::kVFRE, 0, 0);
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Dropped(DropReason::kPoolDisabled));
}

TEST_F(Pipeline, ReplicationDisabledKeepsTheLowestPool) {
  EnableVmdq(regs(), 0x8, 0, /*replicate=*/false);
  SetAddress(regs(), 0, kMacA, Bit(9) | Bit(3) | Bit(60));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({6}));
}

TEST_F(Pipeline, ReplicationEnabledDeliversToEveryPool) {
  EnableVmdq(regs(), 0x8, 0, /*replicate=*/true);
  SetAddress(regs(), 0, kMacA, Bit(9) | Bit(3) | Bit(60));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({6, 18, 120}));
}

TEST_F(Pipeline, RssSpreadsInsidePoolByRqplAndReta) {
  EnableVmdq(regs(), 0xB);  // 64 pools x 2 queues, RSS
  regs().Write(R::kMRQC, 0, 0xB | field::kMrqcTcpIpv4.Mask());
  SetAddress(regs(), 0, kMacA, Bit(10));
  for (std::uint32_t n = 0; n < 32; ++n) regs().Write(R::kRETA, n, 0x01010101);  // every entry 1
  const auto tcp = test::Ipv4Frame(kMacA, std::nullopt, {10, 0, 0, 1}, {10, 0, 0, 2}, 6, 1000, 80);
  Decision d = Decide(tcp);
  EXPECT_EQ(d.queues, std::vector<std::uint32_t>{20});  // RQPL 0: one RSS queue per pool
  EXPECT_EQ(d.rss_type, RssType::kTcpIpv4);
  regs().Write(R::kPSRTYPE, 10, field::kPsrtypeRqpl.Put(0, 1));
  EXPECT_EQ(Decide(tcp).queues, std::vector<std::uint32_t>{21});
  // Not hashable (no IPv4 enable for a non-TCP frame): first queue of the pool.
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)).queues, std::vector<std::uint32_t>{20});
}

TEST_F(Pipeline, ThirtyTwoPoolModeHasFourQueuesPerPoolAndMasksUpperPools) {
  EnableVmdq(regs(), 0xA);
  SetAddress(regs(), 0, kMacA, Bit(5));
  SetAddress(regs(), 1, kMacB, Bit(40));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({20}));
  EXPECT_EQ(Decide(EthernetFrame(kMacB, std::nullopt)), Dropped(DropReason::kPoolDisabled));
}

TEST_F(Pipeline, VmdqModeNeedsVtEnable) {
  EnableVmdq(regs());
  regs().Write(R::kVT_CTL, 0, 0);  // MRQC says VMDq, VT_CTL does not
  SetAddress(regs(), 0, kMacA, Bit(10));
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({0}));  // non-VMDq filter, queue 0
}

TEST_F(Pipeline, DcbModesFallBackToOneQueue) {
  for (std::uint32_t mrqe : {0x2u, 0x3u, 0x4u, 0x5u, 0xCu, 0xDu}) {
    EnableVmdq(regs(), mrqe);
    SetAddress(regs(), 0, kMacA, Bit(10));
    EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({0})) << "MRQE " << mrqe;
  }
}

TEST_F(Pipeline, NonVmdqFilterAcceptsExactBroadcastAndPromiscuous) {
  regs().Write(R::kRXCTRL, 0, 1);
  SetAddress(regs(), 0, kMacA, 0);
  EXPECT_EQ(Decide(EthernetFrame(kMacA, std::nullopt)), Queues({0}));
  EXPECT_EQ(Decide(EthernetFrame(kUnknown, std::nullopt)), Dropped(DropReason::kMacFilter));
  EXPECT_EQ(Decide(EthernetFrame(kBroadcastMac, std::nullopt)), Dropped(DropReason::kMacFilter));
  regs().Write(R::kFCTRL, 0, field::kFctrlBam.Mask() | field::kFctrlUpe.Mask());
  EXPECT_EQ(Decide(EthernetFrame(kUnknown, std::nullopt)), Queues({0}));
  EXPECT_EQ(Decide(EthernetFrame(kBroadcastMac, std::nullopt)), Queues({0}));
  EXPECT_EQ(Decide(EthernetFrame(kMulticast, std::nullopt)), Dropped(DropReason::kMacFilter));
}

TEST_F(Pipeline, NonVmdqRssUsesLowFourBitsOfReta) {
  regs().Write(R::kRXCTRL, 0, 1);
  regs().Write(R::kMRQC, 0, 0x1 | field::kMrqcIpv4.Mask());
  regs().Write(R::kFCTRL, 0, field::kFctrlUpe.Mask());
  for (std::uint32_t n = 0; n < 32; ++n) regs().Write(R::kRETA, n, 0x1D1D1D1D);
  const auto ip = test::Ipv4Frame(kMacA, std::nullopt, {1, 2, 3, 4}, {5, 6, 7, 8}, 17, 1, 2);
  EXPECT_EQ(Decide(ip).queues, std::vector<std::uint32_t>{0xD});
}

}  // namespace
}  // namespace vmqkit::hwref
