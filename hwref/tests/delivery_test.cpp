// Delivery after the decision: descriptors in host memory, head/tail, per-queue and per-reason
// counters, interrupt causes and their processors.
#include <gtest/gtest.h>

#include "hwref/nic.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
using test::EthernetFrame;

constexpr std::uint64_t kMac = test::Mac(0x00, 0x15, 0x5D, 0x02, 0x00, 0x01);
constexpr std::uint64_t kRing = 0x200000;

class Delivery : public ::testing::Test {
 protected:
  Delivery() : nic_(k82599Profile, HostMemory(kRing, 0x20000)) {
    test::EnableVmdq(regs());
    test::SetAddress(regs(), 0, kMac, 1u << 3);  // pool 3 -> queue 6
  }
  RegisterFile& regs() { return nic_.registers(); }
  std::uint64_t Qword(std::uint64_t address) {
    std::uint64_t v = 0;
    EXPECT_TRUE(nic_.memory().Read64(address, v));
    return v;
  }
  Nic nic_;
};

TEST_F(Delivery, DescriptorIsWrittenBackAndHeadAdvances) {
  test::SetupRing(nic_, 6, kRing, 8);
  const auto frame = EthernetFrame(kMac, std::nullopt, 100);
  const RxOutcome out = nic_.Receive(frame);
  ASSERT_EQ(out.deliveries.size(), 1u);
  EXPECT_EQ(out.deliveries[0], (QueueDelivery{6, std::nullopt, 0}));
  const std::uint64_t status = Qword(kRing + 8);
  EXPECT_EQ(status & 0xFFFFFFFF, kStatusDd | kStatusEop);
  EXPECT_EQ((status >> 32) & 0xFFFF, 100u);
  std::vector<std::uint8_t> buffer(100);
  ASSERT_TRUE(nic_.memory().Read(kRing + 8 * kDescriptorBytes, buffer));  // descriptor 0's buffer
  EXPECT_EQ(buffer, frame);
  EXPECT_EQ(regs().Read(R::kRDH, 6), 1u);
  EXPECT_EQ(regs().Read(R::kQPRC, 6), 1u);
  EXPECT_EQ(regs().Read(R::kGPRC), 1u);
}

TEST_F(Delivery, RingWrapsAndFullRingDropsWithNoDescriptor) {
  test::SetupRing(nic_, 6, kRing, 8);  // RDT = 7: seven free descriptors
  for (int i = 0; i < 7; ++i)
    EXPECT_TRUE(nic_.Receive(EthernetFrame(kMac, std::nullopt)).delivered());
  EXPECT_EQ(regs().Read(R::kRDH, 6), 7u);
  const RxOutcome full = nic_.Receive(EthernetFrame(kMac, std::nullopt));
  EXPECT_EQ(full.deliveries[0].drop, DropReason::kNoDescriptor);
  EXPECT_EQ(regs().Read(R::kQPRDC, 6), 1u);
  EXPECT_EQ(regs().Read(R::kRXDRC, Index(DropReason::kNoDescriptor)), 1u);
  regs().Write(R::kRDT, 6, 1);  // the driver returns descriptors 7 and 0
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].descriptor, 7u);
  EXPECT_EQ(regs().Read(R::kRDH, 6), 0u);  // wrapped
}

TEST_F(Delivery, DisabledQueueDropsAndCounts) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kRXDCTL, 6, 0);
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].drop,
            DropReason::kQueueDisabled);
  EXPECT_EQ(regs().Read(R::kRXDRC, Index(DropReason::kQueueDisabled)), 1u);
  EXPECT_EQ(regs().Read(R::kGPRC), 0u);
}

TEST_F(Delivery, RingLengthIsCountedIn128ByteUnits) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kRDLEN, 6, 64);  // reserved bits [6:0]: reads back as 0, no descriptors
  EXPECT_EQ(regs().Read(R::kRDLEN, 6), 0u);
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].drop,
            DropReason::kNoDescriptor);
}

TEST_F(Delivery, UnconfiguredRingDropsWithNoDescriptor) {
  regs().Write(R::kRXDCTL, 6, field::kRxdctlEnable.Mask());  // enabled, RDLEN still 0
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].drop,
            DropReason::kNoDescriptor);
}

TEST_F(Delivery, RingOutsideHostMemoryIsADmaErrorNotACrash) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kRDBAH, 6, 0x1);  // 4 GiB higher: outside the simulated memory
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].drop,
            DropReason::kDmaError);
}

TEST_F(Delivery, BufferPointerOutsideHostMemoryIsADmaError) {
  test::SetupRing(nic_, 6, kRing, 8);
  nic_.memory().Write64(kRing, 0xFFFF'FFFF'FFFF'0000ull);
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt)).deliveries[0].drop,
            DropReason::kDmaError);
}

TEST_F(Delivery, FrameLargerThanBufferIsDropped) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kSRRCTL, 6, 1);  // 1 KiB buffers
  EXPECT_EQ(nic_.Receive(EthernetFrame(kMac, std::nullopt, 1025)).deliveries[0].drop,
            DropReason::kBufferTooSmall);
  EXPECT_TRUE(nic_.Receive(EthernetFrame(kMac, std::nullopt, 1024)).delivered());
}

TEST_F(Delivery, VlanStrippingMovesTheTagIntoTheDescriptor) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kRXDCTL, 6, field::kRxdctlEnable.Mask() | field::kRxdctlVme.Mask());
  ASSERT_TRUE(nic_.Receive(EthernetFrame(kMac, 0x2064, 80)).delivered());
  const std::uint64_t status = Qword(kRing + 8);
  EXPECT_EQ(status & kStatusVp, kStatusVp);
  EXPECT_EQ((status >> 32) & 0xFFFF, 76u);
  EXPECT_EQ(status >> 48, 0x2064u);
  std::uint8_t ethertype[2];
  ASSERT_TRUE(nic_.memory().Read(kRing + 8 * kDescriptorBytes + 12, ethertype));
  EXPECT_EQ(ethertype[0], 0x88);  // the tag is gone from the buffer
}

TEST_F(Delivery, FrameDropsCountByReasonAndSizeCounters) {
  (void)nic_.Receive(EthernetFrame(kMac, std::nullopt, 20));
  (void)nic_.Receive(EthernetFrame(kMac, std::nullopt, 2000));
  EXPECT_EQ(regs().Read(R::kRUC), 1u);
  EXPECT_EQ(regs().Read(R::kROC), 1u);
  EXPECT_EQ(regs().Read(R::kRXDRC, Index(DropReason::kUndersize)), 1u);
  EXPECT_EQ(regs().Read(R::kRXDRC, Index(DropReason::kOversize)), 1u);
  EXPECT_EQ(regs().Read(R::kRXDRC, Index(DropReason::kOversize)), 0u);  // read-to-clear
}

TEST_F(Delivery, InterruptCauseGoesToTheQueuesVectorAndItsProcessor) {
  test::SetupRing(nic_, 6, kRing, 8);
  regs().Write(R::kIVAR, 3, 5 | field::kIvarRx0Valid.Mask());  // queue 6 -> vector 5
  regs().Write(R::kMSIXTADD, 5, 0xFEE00000u | (12u << 12));    // destination id 12
  ASSERT_TRUE(nic_.Receive(EthernetFrame(kMac, std::nullopt)).delivered());
  EXPECT_EQ(regs().Read(R::kEICR, 0), 1u << 5);  // cause set even while masked
  EXPECT_TRUE(nic_.interrupts().empty());        // EIMS clear, vector masked
  regs().Write(R::kEIMS, 0, 1u << 5);
  regs().Write(R::kMSIXTVCTRL, 5, 0);
  ASSERT_TRUE(nic_.Receive(EthernetFrame(kMac, std::nullopt)).delivered());
  ASSERT_EQ(nic_.interrupts().size(), 1u);
  EXPECT_EQ(nic_.interrupts()[0], (InterruptEvent{6, 5, 12u}));
  regs().Write(R::kEICR, 0, 1u << 5);
  EXPECT_EQ(regs().Read(R::kEICR, 0), 0u);
}

TEST_F(Delivery, InterruptTargetReportsTheProcessorOfEveryQueue) {
  regs().Write(R::kIVAR, 10, (3 << 16) | field::kIvarRx1Valid.Mask());  // queue 21 -> vector 3
  regs().Write(R::kMSIXTADD, 3, 0xFEE00000u | (7u << 12));
  regs().Write(R::kMSIXTVCTRL, 3, 0);
  const auto target = nic_.InterruptTargetOfQueue(21);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->vector, 3u);
  EXPECT_EQ(target->processor, 7u);
  EXPECT_FALSE(target->masked);
  EXPECT_FALSE(nic_.InterruptTargetOfQueue(20));  // RX0 entry not valid
  EXPECT_FALSE(nic_.InterruptTargetOfQueue(5000));
  regs().Write(R::kMSIXTADD, 3, 0x12345678);  // not an MSI address: no processor
  EXPECT_FALSE(nic_.InterruptTargetOfQueue(21)->processor);
}

TEST_F(Delivery, ReplicatedFrameIsWrittenToEveryPoolsRing) {
  test::SetAddress(regs(), 0, kMac, (1u << 3) | (1u << 5));
  test::SetupRing(nic_, 6, kRing, 8);
  test::SetupRing(nic_, 10, kRing + 0x8000, 8);
  const RxOutcome out = nic_.Receive(EthernetFrame(kMac, std::nullopt));
  ASSERT_EQ(out.deliveries.size(), 2u);
  EXPECT_FALSE(out.deliveries[0].drop);
  EXPECT_FALSE(out.deliveries[1].drop);
  EXPECT_EQ(regs().Read(R::kGPRC), 1u);  // one frame received, two copies
}

}  // namespace
}  // namespace vmqkit::hwref
