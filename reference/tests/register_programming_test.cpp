// Every OID's effect on the device, read back through MMIO at the register table's offsets.
#include <gtest/gtest.h>

#include "hwref/register_map.h"
#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

using R = hwref::RegisterId;
namespace f = hwref::field;

class RegisterProgramming : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess); }
  std::uint32_t PoolOf(std::uint32_t queue_id) {
    return dut.miniport().FindQueue(queue_id)->pools.front().pool;
  }
  std::uint32_t AddressEntryOf(std::uint64_t mac) {
    for (std::uint32_t i = 0; i < dut.miniport().nic().profile().address_entries; ++i) {
      if ((dut.Reg(R::kRAH, i) & f::kRahAv.Mask()) != 0 &&
          (dut.Reg(R::kRAL, i) | (std::uint64_t{dut.Reg(R::kRAH, i) & 0xFFFF} << 32)) == mac) {
        return i;
      }
    }
    return ~0u;
  }
  std::uint32_t VlanEntryOf(std::uint32_t vid) {
    for (std::uint32_t i = 0; i < dut.miniport().nic().profile().vlan_filters; ++i) {
      const std::uint32_t v = dut.Reg(R::kVLVF, i);
      if ((v & f::kVlvfViEn.Mask()) != 0 && f::kVlvfVlanId.Get(v) == vid) return i;
    }
    return ~0u;
  }
  Dut dut;
};

TEST_F(RegisterProgramming, Initialize_VmdqDefaultPoolAndOpenGlobalVlanFilter) {
  const std::uint32_t def = dut.miniport().default_pool();
  EXPECT_EQ(f::kMrqcMrqe.Get(dut.Reg(R::kMRQC)), 0x8u);
  EXPECT_EQ(f::kVtctlDefPl.Get(dut.Reg(R::kVT_CTL)), def);
  EXPECT_EQ(f::kVtctlVtEna.Get(dut.Reg(R::kVT_CTL)), 1u);
  EXPECT_EQ(f::kVtctlReplEn.Get(dut.Reg(R::kVT_CTL)), 0u);
  EXPECT_EQ(f::kVlnctrlVfe.Get(dut.Reg(R::kVLNCTRL)), 1u);
  for (std::uint32_t i = 0; i < 128; ++i) ASSERT_EQ(dut.Reg(R::kVFTA, i), 0xFFFFFFFFu) << i;
  const std::uint32_t vmolr = dut.Reg(R::kVMOLR, def);
  EXPECT_NE(vmolr & f::kVmolrAupe.Mask(), 0u);
  EXPECT_NE(vmolr & f::kVmolrBam.Mask(), 0u);
  EXPECT_NE(vmolr & f::kVmolrMpe.Mask(), 0u);
  EXPECT_EQ(dut.PoolWords(R::kVFRE, 0), std::uint64_t{1} << def);
  EXPECT_EQ(f::kRxctrlRxen.Get(dut.Reg(R::kRXCTRL)), 1u);
}

TEST_F(RegisterProgramming, AllocateQueue_RingEnabledPoolOffUntilComplete_InterruptOnAffinity) {
  auto r = dut.Allocate(5, 0x4);  // processor 0:2
  ASSERT_EQ(r.status, NdisStatus::kSuccess);
  const std::uint32_t pool = PoolOf(5);
  const std::uint32_t ring = dut.miniport().RingOfPool(pool);
  EXPECT_EQ(f::kRxdctlEnable.Get(dut.Reg(R::kRXDCTL, ring)), 1u);
  EXPECT_EQ(dut.PoolWords(R::kVFRE, 0) & (std::uint64_t{1} << pool), 0u);
  // MSIXTableEntry returned in the buffer is the vector IVAR routes the ring to, aimed at CPU 2.
  const std::uint32_t msix = ndis::DecodeReceiveQueueParameters(r.buffer)->msix_table_entry;
  const auto target = dut.miniport().nic().InterruptTargetOfQueue(ring);
  ASSERT_TRUE(target.has_value());
  EXPECT_EQ(target->vector, msix);
  EXPECT_EQ(target->processor, 2u);
  EXPECT_FALSE(target->masked);
  ASSERT_EQ(dut.Complete({5}).status, NdisStatus::kSuccess);
  EXPECT_NE(dut.PoolWords(R::kVFRE, 0) & (std::uint64_t{1} << pool), 0u);
}

TEST_F(RegisterProgramming, SetFilter_MacUntagged_AddressEntryWithPoolBitAndAupe) {
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1}).status, NdisStatus::kSuccess);
  const std::uint32_t pool = PoolOf(1);
  const std::uint32_t entry = AddressEntryOf(Mac(1));
  ASSERT_NE(entry, ~0u);
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, entry), std::uint64_t{1} << pool);
  EXPECT_NE(dut.Reg(R::kVMOLR, pool) & f::kVmolrAupe.Mask(), 0u);
}

// E-505: before QUEUE_ALLOCATION_COMPLETE the queue's pool is in no MPSAR, VLVFB or VMOLR bit, so
// its frames fall through to the default pool; the completion programs them.
TEST_F(RegisterProgramming, SetFilterBeforeComplete_PoolBitsOnlyAtAllocationComplete) {
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 11, Mac(1), 100).status, NdisStatus::kSuccess);
  const std::uint64_t pool = std::uint64_t{1} << PoolOf(1);
  const std::uint64_t def = std::uint64_t{1} << dut.miniport().default_pool();
  ASSERT_NE(AddressEntryOf(Mac(1)), ~0u);  // the entry is claimed (no RESOURCES later) ...
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, AddressEntryOf(Mac(1))), 0u);  // ... but selects no pool
  EXPECT_EQ(dut.PoolWords(R::kVLVFB, VlanEntryOf(100)), def);
  EXPECT_EQ(dut.Reg(R::kVMOLR, PoolOf(1)), 0u);
  ASSERT_EQ(dut.Complete({1}).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, AddressEntryOf(Mac(1))), pool);
  EXPECT_EQ(dut.PoolWords(R::kVLVFB, VlanEntryOf(100)), pool | def);
  EXPECT_NE(dut.Reg(R::kVMOLR, PoolOf(1)) & f::kVmolrAupe.Mask(), 0u);
}

TEST_F(RegisterProgramming, SetFilter_MacVlan_VlanEntryWithPoolAndDefaultPool_NoAupe) {
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1), 100).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1}).status, NdisStatus::kSuccess);
  const std::uint32_t pool = PoolOf(1);
  const std::uint32_t vlan = VlanEntryOf(100);
  ASSERT_NE(vlan, ~0u);
  EXPECT_EQ(dut.PoolWords(R::kVLVFB, vlan),
            (std::uint64_t{1} << pool) | (std::uint64_t{1} << dut.miniport().default_pool()));
  EXPECT_EQ(dut.Reg(R::kVMOLR, pool) & f::kVmolrAupe.Mask(), 0u);
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, AddressEntryOf(Mac(1))), std::uint64_t{1} << pool);
}

TEST_F(RegisterProgramming, SharedEntries_TwoQueuesOneVlan_OneMacTwoVlans_ReferenceCounted) {
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(2).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1), 100).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(2, 20, Mac(2), 100).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 11, Mac(1), 200).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1, 2}).status, NdisStatus::kSuccess);
  const std::uint64_t p1 = std::uint64_t{1} << PoolOf(1);
  const std::uint64_t p2 = std::uint64_t{1} << PoolOf(2);
  const std::uint64_t def = std::uint64_t{1} << dut.miniport().default_pool();
  EXPECT_EQ(dut.PoolWords(R::kVLVFB, VlanEntryOf(100)), p1 | p2 | def);
  // One MAC on two VLANs: one address entry.
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, AddressEntryOf(Mac(1))), p1);
  ASSERT_EQ(dut.ClearFilter(2, 20).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.PoolWords(R::kVLVFB, VlanEntryOf(100)), p1 | def);
  EXPECT_EQ(AddressEntryOf(Mac(2)), ~0u);  // its last filter went: entry cleared
  ASSERT_EQ(dut.ClearFilter(1, 10).status, NdisStatus::kSuccess);
  EXPECT_NE(AddressEntryOf(Mac(1)), ~0u);  // still used by filter 11
  ASSERT_EQ(dut.ClearFilter(1, 11).status, NdisStatus::kSuccess);
  EXPECT_EQ(AddressEntryOf(Mac(1)), ~0u);
}

TEST_F(RegisterProgramming, NonProductFilters_GetTheirOwnPool) {
  // (M1, untagged) and (M2, VLAN 7) on one queue: one pool would also accept (M2, untagged).
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 11, Mac(2), 7).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1}).status, NdisStatus::kSuccess);
  const auto& pools = dut.miniport().FindQueue(1)->pools;
  ASSERT_EQ(pools.size(), 2u);
  EXPECT_EQ(dut.PoolWords(R::kMPSAR, AddressEntryOf(Mac(2))), std::uint64_t{1} << pools[1].pool);
  ASSERT_EQ(dut.ClearFilter(1, 11).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.miniport().FindQueue(1)->pools.size(), 1u);
}

TEST_F(RegisterProgramming, QueueParameters_AffinityChange_ReprogramsTheRingsVector) {
  ASSERT_EQ(dut.Allocate(1, 0x2).status, NdisStatus::kSuccess);
  const std::uint32_t ring = dut.miniport().RingOfPool(PoolOf(1));
  EXPECT_EQ(dut.miniport().nic().InterruptTargetOfQueue(ring)->processor, 1u);
  ASSERT_EQ(dut.SetAffinity(1, 0x40).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.miniport().nic().InterruptTargetOfQueue(ring)->processor, 6u);
  // A processor outside the platform set is refused and nothing moves.
  EXPECT_EQ(dut.SetAffinity(1, 0x100).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.miniport().nic().InterruptTargetOfQueue(ring)->processor, 6u);
}

TEST(QueueParameters, Ndis620_AffinityChangeNotAdvertised_Refused) {
  DutOptions options;
  options.ndis_minor = 20;
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(1, 0x2).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.SetAffinity(1, 0x4).status, NdisStatus::kInvalidParameter);
}

}  // namespace
}  // namespace vmqkit::reference::test
