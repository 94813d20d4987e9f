// receive_batch (vmqkit/dut.h): frames given in one call have the outcome they have one receive
// call each: the same frames indicated on the same queues, in wire order per queue, with the same
// bytes and 802.1Q OOB data, the same device statistics, and every indication returnable. More
// frames than a ring holds go to one queue, so the device stops on the full ring and the driver
// cleans it before the burst goes on.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

class ReceiveBatch : public ::testing::TestWithParam<hwref::ProfileKind> {
 protected:
  static std::unique_ptr<Dut> Configured(hwref::ProfileKind profile) {
    DutOptions options;
    options.profile = profile;
    auto dut = std::make_unique<Dut>(options);
    EXPECT_EQ(dut->Initialize(), NdisStatus::kSuccess);
    EXPECT_EQ(dut->Allocate(1).status, NdisStatus::kSuccess);
    EXPECT_EQ(dut->Allocate(2).status, NdisStatus::kSuccess);
    EXPECT_EQ(dut->SetFilter(1, 10, Mac(1)).status, NdisStatus::kSuccess);       // untagged-or-zero
    EXPECT_EQ(dut->SetFilter(2, 20, Mac(2), 100).status, NdisStatus::kSuccess);  // VLAN 100
    EXPECT_EQ(dut->Complete({1, 2}).status, NdisStatus::kSuccess);
    return dut;
  }

  // Hits on both queues (tagged, untagged, priority-tagged), misses and broadcasts, then a run of
  // 300 frames for queue 2 alone: more than a ring's kRingDescriptors - 1 free descriptors, so
  // the device stops on the full ring (twice) and the driver cleans it between.
  static std::vector<std::vector<std::uint8_t>> Frames() {
    std::vector<std::vector<std::uint8_t>> frames;
    for (std::uint8_t k = 0; k < 30; ++k) {
      switch (k % 6) {
        case 0:
          frames.push_back(Frame(Mac(1), {}, k));
          break;
        case 1:
          frames.push_back(Frame(Mac(2), std::uint16_t{100}, k));
          break;
        case 2:
          frames.push_back(Frame(Mac(1), std::uint16_t{0x6000}, k));  // priority tag, VID 0
          break;
        case 3:
          frames.push_back(Frame(Mac(7), std::uint16_t{100}, k));  // unknown address
          break;
        case 4:
          frames.push_back(Frame(Mac(2), std::uint16_t{101}, k));  // wrong VLAN
          break;
        default:
          frames.push_back(Frame(0xFFFF'FFFF'FFFFull, {}, k));  // broadcast
          break;
      }
    }
    static_assert(300 > 2 * (kRingDescriptors - 1));
    for (int k = 0; k < 300; ++k) {
      frames.push_back(Frame(Mac(2), std::uint16_t{100}, static_cast<std::uint8_t>(k)));
    }
    return frames;
  }

  // Per queue, the frames in the order indicated: bytes, VLAN OOB data, filter id.
  static std::map<std::uint32_t,
                  std::vector<std::tuple<std::vector<std::uint8_t>, std::uint32_t, std::uint32_t>>>
  ByQueue(const HostLog& log) {
    std::map<std::uint32_t,
             std::vector<std::tuple<std::vector<std::uint8_t>, std::uint32_t, std::uint32_t>>>
        out;
    for (const Indication& i : log.indications) {
      out[i.queue_id].emplace_back(i.frame, i.vlan_id, i.filter_id);
      EXPECT_EQ(i.flags, static_cast<std::uint32_t>(VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE));
    }
    return out;
  }
};

TEST_P(ReceiveBatch, SameOutcomeAsOneFrameAtATime) {
  auto one_by_one = Configured(GetParam());
  auto batched = Configured(GetParam());
  const auto frames = Frames();
  for (const auto& frame : frames) one_by_one->Send(frame);
  batched->SendBatch(frames);

  EXPECT_EQ(batched->log.indications.size(), one_by_one->log.indications.size());
  EXPECT_EQ(ByQueue(batched->log), ByQueue(one_by_one->log));
  EXPECT_EQ(ByQueue(batched->log)[2].size(), 305u);  // 5 in the mix, 300 in the run
  for (hwref::RegisterId counter : {hwref::RegisterId::kGPRC}) {
    EXPECT_EQ(batched->Reg(counter), one_by_one->Reg(counter));
  }
  for (std::uint32_t ring = 0; ring < 4; ++ring) {
    EXPECT_EQ(batched->Reg(hwref::RegisterId::kQPRC, ring),
              one_by_one->Reg(hwref::RegisterId::kQPRC, ring));
  }
}

TEST_P(ReceiveBatch, EveryIndicationIsReturnedOnce) {
  auto dut = Configured(GetParam());
  dut->SendBatch(Frames());
  EXPECT_EQ(dut->miniport().FindQueue(2)->outstanding, 305u);
  dut->ReturnAll();
  dut->ReturnAll();  // returned twice: ignored
  EXPECT_EQ(dut->miniport().FindQueue(2)->outstanding, 0u);
  EXPECT_EQ(dut->miniport().FindQueue(1)->outstanding, 0u);
}

TEST_P(ReceiveBatch, EmptyBatchIndicatesNothing) {
  auto dut = Configured(GetParam());
  dut->SendBatch({});
  EXPECT_TRUE(dut->log.indications.empty());
}

INSTANTIATE_TEST_SUITE_P(Profiles, ReceiveBatch,
                         ::testing::Values(hwref::ProfileKind::kLarge, hwref::ProfileKind::k82599),
                         [](const auto& param_info) {
                           return param_info.param == hwref::ProfileKind::kLarge ? "Large"
                                                                                 : "I82599";
                         });

}  // namespace
}  // namespace vmqkit::reference::test
