// The FREE_QUEUE sequence: stop DMA, indicate DmaStopped, pend until every indicated frame of the
// queue is back, then complete ([WDD] freeing-a-vm-queue).
#include <gtest/gtest.h>

#include "hwref/register_map.h"
#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

using R = hwref::RegisterId;

TEST(FreeQueue, OutstandingFrames_PendsUntilReturned_ThenCompletes) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(3).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(3, 30, Mac(3)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({3}).status, NdisStatus::kSuccess);
  dut.Send(Frame(Mac(3), {}, 1));
  dut.Send(Frame(Mac(3), {}, 2));
  ASSERT_EQ(dut.log.indications.size(), 2u);
  EXPECT_EQ(dut.log.indications[0].queue_id, 3u);
  const std::uint32_t ring = dut.miniport().RingOfPool(dut.miniport().FindQueue(3)->pools[0].pool);

  ASSERT_EQ(dut.ClearFilter(3, 30).status, NdisStatus::kSuccess);
  const auto free = dut.Free(3, 900);
  ASSERT_EQ(free.status, NdisStatus::kPending);
  // DMA stopped and said so before the OID returned.
  EXPECT_EQ(dut.Reg(R::kRXDCTL, ring) & hwref::field::kRxdctlEnable.Mask(), 0u);
  ASSERT_EQ(dut.log.statuses.size(), 1u);
  EXPECT_EQ(dut.log.statuses[0].status, static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState));
  const auto state = ndis::DecodeReceiveQueueState(dut.log.statuses[0].buffer);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->queue_id, 3u);
  EXPECT_EQ(state->state, ndis::QueueOperationalState::kDmaStopped);

  dut.Return({dut.log.indications[0].cookie});
  EXPECT_TRUE(dut.log.completions.empty());     // one frame still out
  dut.Return({dut.log.indications[0].cookie});  // a duplicate return changes nothing
  EXPECT_TRUE(dut.log.completions.empty());
  dut.Return({dut.log.indications[1].cookie});
  ASSERT_EQ(dut.log.completions.size(), 1u);
  EXPECT_EQ(dut.log.completions[0].request_id, 900u);
  EXPECT_EQ(dut.log.completions[0].status, 0u);
  EXPECT_EQ(dut.miniport().FindQueue(3), nullptr);
  // Order: DmaStopped status before the completion.
  const auto& ev = dut.log.events;
  EXPECT_LT(std::find(ev.begin(), ev.end(), "S:RECEIVE_QUEUE_STATE"),
            std::find(ev.begin(), ev.end(), "C:900"));
  // The id can be used again.
  EXPECT_EQ(dut.Allocate(3).status, NdisStatus::kSuccess);
}

TEST(FreeQueue, NothingOutstanding_CompletesAtOnceAfterTheStatus) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(3).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.Free(3).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.log.statuses.size(), 1u);
  EXPECT_TRUE(dut.log.completions.empty());
}

TEST(FreeQueue, FiltersStillSet_Refused) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(3).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(3, 30, Mac(3)).status, NdisStatus::kSuccess);
  EXPECT_EQ(dut.Free(3).status, NdisStatus::kNotAccepted);  // NdisOidComplete (E-322)
  EXPECT_TRUE(dut.log.statuses.empty());
}

// Driver Verifier NdisOidComplete: a FREE_QUEUE the miniport cannot do is NOT_ACCEPTED (E-322).
TEST(FreeQueue, DefaultOrUnknownQueue_NotAccepted) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  EXPECT_EQ(dut.Free(0).status, NdisStatus::kNotAccepted);
  EXPECT_EQ(dut.Free(9).status, NdisStatus::kNotAccepted);
}

TEST(FreeQueue, WhilePending_QueueTakesNoFiltersAndHaltAbortsTheRequest) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(3).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(3, 30, Mac(3)).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({3}).status, NdisStatus::kSuccess);
  dut.Send(Frame(Mac(3)));
  ASSERT_EQ(dut.ClearFilter(3, 30).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Free(3, 5).status, NdisStatus::kPending);
  EXPECT_EQ(dut.SetFilter(3, 31, Mac(3)).status, NdisStatus::kInvalidParameter);
  dut.Send(Frame(Mac(3)));  // DMA is stopped: nothing more on queue 3
  ASSERT_EQ(dut.log.indications.size(), 2u);
  EXPECT_EQ(dut.log.indications[1].queue_id, 0u);
}

}  // namespace
}  // namespace vmqkit::reference::test
