// Done-when of the hardware reference: two pools programmed by register writes alone; tagged and
// untagged frames land where the decision order of docs/hwref.md says, in the rings, with the
// interrupt on the processor the MSI-X table names.
//
// Pool 1 = a VM on VLAN 10 (MAC A), pool 2 = a VM without VLAN (MAC B), pool 0 = the default
// pool (host). VLNCTRL.VFE is on, as it must be for the VLAN pool stage to run.
#include <gtest/gtest.h>

#include "hwref/nic.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
using test::EthernetFrame;
using test::Mac;

constexpr std::uint64_t kMacA = Mac(0x00, 0x15, 0x5D, 0x01, 0x00, 0x0A);
constexpr std::uint64_t kMacB = Mac(0x00, 0x15, 0x5D, 0x01, 0x00, 0x0B);
constexpr std::uint64_t kHostMac = Mac(0x00, 0x15, 0x5D, 0x01, 0x00, 0x01);
constexpr std::uint64_t kRingBase = 0x100000;

// Every step is a 32-bit MMIO write at an offset from the register table.
void ProgramTwoPools(Nic& nic, bool vfta_has_vlan_10, bool pool2_accepts_untagged) {
  RegisterFile& r = nic.registers();
  auto w = [&r](R id, std::uint32_t index, std::uint32_t value) {
    r.Write32(OffsetOf(Spec(id), index, r.profile()), value);
  };
  w(R::kMRQC, 0, 0x8);  // VMDq, 64 pools x 2 queues, no RSS
  w(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlReplEn.Mask());  // DEF_PL = 0
  w(R::kVFRE, 0, 0b111);
  w(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  if (vfta_has_vlan_10) w(R::kVFTA, 0, 1u << 10);
  // RAR 0: host MAC -> pool 0; RAR 1: MAC A -> pool 1; RAR 2: MAC B -> pool 2.
  const std::uint64_t macs[3] = {kHostMac, kMacA, kMacB};
  for (std::uint32_t i = 0; i < 3; ++i) {
    w(R::kRAL, i, static_cast<std::uint32_t>(macs[i]));
    w(R::kRAH, i, static_cast<std::uint32_t>(macs[i] >> 32) | field::kRahAv.Mask());
    w(R::kMPSAR, 2 * i, 1u << i);
  }
  // VLVF 0: VLAN 10 -> pool 1.
  w(R::kVLVF, 0, 10 | field::kVlvfViEn.Mask());
  w(R::kVLVFB, 0, 1u << 1);
  w(R::kVMOLR, 0, field::kVmolrAupe.Mask() | field::kVmolrBam.Mask());
  w(R::kVMOLR, 1, field::kVmolrBam.Mask());
  w(R::kVMOLR, 2,
    (pool2_accepts_untagged ? field::kVmolrAupe.Mask() : 0) | field::kVmolrBam.Mask());
  // Rings for queues 0, 2, 4 (the first queue of pools 0, 1, 2); interrupt vectors 0, 1, 2 on
  // processors 4, 6, 8.
  for (std::uint32_t pool = 0; pool < 3; ++pool) {
    const std::uint32_t q = 2 * pool;
    test::SetupRing(nic, q, kRingBase + pool * 0x10000, 8);
    w(R::kIVAR, q / 2, pool | field::kIvarRx0Valid.Mask());
    w(R::kMSIXTADD, pool, 0xFEE00000u | ((4 + 2 * pool) << 12));
    w(R::kMSIXTVCTRL, pool, 0);
  }
  w(R::kEIMS, 0, 0b111);
  w(R::kRXCTRL, 0, field::kRxctrlRxen.Mask());
}

class TwoPools : public ::testing::TestWithParam<RxPath> {
 protected:
  TwoPools() : nic_(k82599Profile, HostMemory(kRingBase, 0x40000)) {}
  std::optional<std::uint32_t> LandsOn(const std::vector<std::uint8_t>& frame) {
    const RxOutcome out = nic_.Receive(frame, GetParam());
    if (!out.delivered()) return std::nullopt;
    EXPECT_EQ(out.deliveries.size(), 1u);
    return out.deliveries.front().queue;
  }
  Nic nic_;
};

TEST_P(TwoPools, TaggedAndUntaggedFramesLandWhereTheDecisionOrderSays) {
  ProgramTwoPools(nic_, /*vfta_has_vlan_10=*/true, /*pool2_accepts_untagged=*/true);
  ASSERT_EQ(nic_.registers().bus_error_count(), 0u);
  EXPECT_EQ(LandsOn(EthernetFrame(kMacA, 10)), 2u);               // MAC {1} & VLAN 10 {1}
  EXPECT_EQ(LandsOn(EthernetFrame(kMacB, std::nullopt)), 4u);     // MAC {2} & AUPE {0,2}
  EXPECT_EQ(LandsOn(EthernetFrame(kHostMac, std::nullopt)), 0u);  // MAC {0} & AUPE {0,2}
  EXPECT_EQ(LandsOn(EthernetFrame(kMacA, std::nullopt)), 0u);     // {1} & AUPE = {} -> default
  EXPECT_EQ(LandsOn(EthernetFrame(kMacB, 10)), 0u);            // {2} & VLAN 10 {1} = {} -> default
  EXPECT_EQ(LandsOn(EthernetFrame(kMacA, 20)), std::nullopt);  // VFTA has no VLAN 20
  const RxOutcome broadcast = nic_.Receive(EthernetFrame(kBroadcastMac, std::nullopt), GetParam());
  ASSERT_EQ(broadcast.deliveries.size(), 2u);  // BAM {0,1,2} & AUPE {0,2}, replicated
  EXPECT_EQ(broadcast.deliveries[0].queue, 0u);
  EXPECT_EQ(broadcast.deliveries[1].queue, 4u);

  // Counters: per queue, and drops by reason.
  RegisterFile& r = nic_.registers();
  EXPECT_EQ(r.Read(R::kQPRC, 0), 4u);
  EXPECT_EQ(r.Read(R::kQPRC, 2), 1u);
  EXPECT_EQ(r.Read(R::kQPRC, 4), 2u);
  EXPECT_EQ(r.Read(R::kGPRC), 6u);
  EXPECT_EQ(r.Read(R::kRXDRC, Index(DropReason::kVlanFilter)), 1u);
  // Interrupts landed on the processors of the pools' vectors.
  std::vector<std::uint32_t> processors;
  for (const InterruptEvent& e : nic_.interrupts()) processors.push_back(*e.processor);
  EXPECT_EQ(processors, (std::vector<std::uint32_t>{6, 8, 4, 4, 4, 4, 8}));
}

// The seed KB's class of bug: the VLAN pool filter is programmed but the global VLAN filter
// (VFTA) is not, so every tagged frame is dropped before pool selection.
TEST_P(TwoPools, MissingVftaEntryDropsTaggedFramesBeforePoolSelection) {
  ProgramTwoPools(nic_, /*vfta_has_vlan_10=*/false, /*pool2_accepts_untagged=*/true);
  EXPECT_EQ(LandsOn(EthernetFrame(kMacA, 10)), std::nullopt);
  EXPECT_EQ(nic_.registers().Read(R::kRXDRC, Index(DropReason::kVlanFilter)), 1u);
}

// Without AUPE on its pool, an untagged VM's frames fall to the default pool: they reach the
// host's queue, not the VM's.
TEST_P(TwoPools, UntaggedPoolWithoutAupeLosesItsFramesToTheDefaultPool) {
  ProgramTwoPools(nic_, /*vfta_has_vlan_10=*/true, /*pool2_accepts_untagged=*/false);
  EXPECT_EQ(LandsOn(EthernetFrame(kMacB, std::nullopt)), 0u);
}

std::string PathName(const ::testing::TestParamInfo<RxPath>& p) {
  return p.param == RxPath::kReadable ? "Readable" : "Fast";
}
INSTANTIATE_TEST_SUITE_P(BothPaths, TwoPools, ::testing::Values(RxPath::kReadable, RxPath::kFast),
                         PathName);

}  // namespace
}  // namespace vmqkit::hwref
