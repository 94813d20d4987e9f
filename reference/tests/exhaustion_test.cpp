// Table exhaustion on the 82599's table sizes: NDIS_STATUS_RESOURCES (INVALID_PARAMETER beyond
// MaxMacHeaderFilters), and no register of any other queue changes.
#include <gtest/gtest.h>

#include "hwref/register_map.h"
#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

using R = hwref::RegisterId;

// Every filter register, read through MMIO.
std::vector<std::uint32_t> FilterRegisters(Dut& dut) {
  std::vector<std::uint32_t> regs;
  const auto& profile = dut.miniport().nic().profile();
  for (std::uint32_t i = 0; i < profile.address_entries; ++i) {
    regs.push_back(dut.Reg(R::kRAL, i));
    regs.push_back(dut.Reg(R::kRAH, i));
    regs.push_back(dut.Reg(R::kMPSAR, 2 * i));
    regs.push_back(dut.Reg(R::kMPSAR, 2 * i + 1));
  }
  for (std::uint32_t i = 0; i < profile.vlan_filters; ++i) {
    regs.push_back(dut.Reg(R::kVLVF, i));
    regs.push_back(dut.Reg(R::kVLVFB, 2 * i));
    regs.push_back(dut.Reg(R::kVLVFB, 2 * i + 1));
  }
  for (std::uint32_t p = 0; p < profile.pools; ++p) regs.push_back(dut.Reg(R::kVMOLR, p));
  regs.push_back(dut.Reg(R::kVFRE, 0));
  regs.push_back(dut.Reg(R::kVFRE, 1));
  return regs;
}

DutOptions Small() {
  DutOptions options;
  options.profile = hwref::ProfileKind::k82599;
  return options;
}

// MaxMacHeaderFilters (= the 128 address entries) filters over all queues are the limit: one more
// is refused with INVALID_PARAMETER ([SAMPLE] vmq.c SetRxFilter), even one that would need no new
// entry, and nothing else changes. Since each filter holds at most one address entry, the address
// table itself can never run out first.
TEST(TableExhaustion, MaxMacHeaderFilters_OneMoreIsInvalidParameterAndOtherQueueUntouched) {
  Dut dut(Small());
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  const auto hardware = ndis::DecodeReceiveFilterCapabilities(dut.hardware_caps);
  ASSERT_TRUE(hardware.ok());
  ASSERT_EQ(hardware->max_mac_header_filters, dut.miniport().nic().profile().address_entries);
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(2).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(2, 1, Mac(0, 0x77)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1, 2}).status, NdisStatus::kSuccess);
  // 127 more MACs on queue 1 (one VLAN class: one pool) reach the 128 filters.
  for (std::uint32_t i = 0; i < 127; ++i) {
    ASSERT_EQ(
        dut.SetFilter(1, 100 + i,
                      hwref::PackMac({0x00, 0x15, 0x5D, 0x01, 0x00, static_cast<std::uint8_t>(i)}))
            .status,
        NdisStatus::kSuccess)
        << i;
  }
  const auto before = FilterRegisters(dut);
  EXPECT_EQ(dut.SetFilter(1, 999, Mac(200)).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.SetFilter(2, 998, Mac(0, 0x77), 5).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(FilterRegisters(dut), before);
  // One filter cleared: an existing MAC on another VLAN fits again.
  ASSERT_EQ(dut.ClearFilter(1, 100).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.SetFilter(2, 998, Mac(0, 0x77), 5).status, NdisStatus::kSuccess);
  // Queue 2 still receives its frames.
  dut.Send(Frame(Mac(0, 0x77)));
  ASSERT_FALSE(dut.log.indications.empty());
  EXPECT_EQ(dut.log.indications.back().queue_id, 2u);
}

TEST(TableExhaustion, VlanEntries_ResourcesWithoutPartialProgramming) {
  Dut dut(Small());
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  for (std::uint16_t vid = 1; vid <= 64; ++vid) {
    ASSERT_EQ(dut.SetFilter(1, vid, Mac(1), vid).status, NdisStatus::kSuccess) << vid;
  }
  const auto before = FilterRegisters(dut);
  // A new MAC would need an address entry (free) and a VLAN entry (none left): nothing written.
  EXPECT_EQ(dut.SetFilter(1, 500, Mac(2), 65).status, NdisStatus::kResources);
  EXPECT_EQ(FilterRegisters(dut), before);
  EXPECT_EQ(dut.SetFilter(1, 501, Mac(2), 64).status, NdisStatus::kSuccess);
}

TEST(TableExhaustion, Pools_AllocateQueueBeyondNumQueuesGetsResources) {
  Dut dut(Small());
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  for (std::uint32_t q = 1; q <= 63; ++q)
    ASSERT_EQ(dut.Allocate(q).status, NdisStatus::kSuccess) << q;
  const auto before = FilterRegisters(dut);
  EXPECT_EQ(dut.Allocate(64).status, NdisStatus::kResources);
  EXPECT_EQ(FilterRegisters(dut), before);
  // A filter that would need a second pool for queue 1 cannot get one either.
  ASSERT_EQ(dut.SetFilter(1, 1, Mac(1)).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.SetFilter(1, 2, Mac(2), 9).status, NdisStatus::kResources);
}

}  // namespace
}  // namespace vmqkit::reference::test
