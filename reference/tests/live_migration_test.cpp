// The seed KB's live migration of a VLAN guest between two adapters: the guest's queue moves from
// adapter A to adapter B while frames keep arriving; every frame is indicated exactly once, and
// A's FREE_QUEUE completes only after the frames it indicated came back.
#include <gtest/gtest.h>

#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

constexpr std::uint16_t kGuestVlan = 42;
constexpr std::uint32_t kQueue = 1;

void AttachGuest(Dut& dut, std::uint32_t filter_id) {
  ASSERT_EQ(dut.Allocate(kQueue, 0x4).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(kQueue, filter_id, Mac(0x42), kGuestVlan).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({kQueue}).status, NdisStatus::kSuccess);
}

TEST(LiveMigration, VlanGuestMovesBetweenAdapters_NoFrameLost) {
  DutOptions a_options;
  a_options.instance = 0;
  DutOptions b_options;
  b_options.instance = 1;
  b_options.groups = {0xF0};  // B's processors do not overlap A's
  Dut a(a_options);
  Dut b(b_options);
  ASSERT_EQ(a.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(b.Initialize(), NdisStatus::kSuccess);
  AttachGuest(a, 7);

  std::uint8_t sequence = 0;
  auto send = [&](Dut& to) { to.Send(Frame(Mac(0x42), std::uint16_t{kGuestVlan}, ++sequence)); };
  for (int i = 0; i < 5; ++i) send(a);

  // Destination prepares its queue while the source still carries the traffic.
  ASSERT_EQ(b.Allocate(kQueue, 0x10).status, NdisStatus::kSuccess);
  send(a);
  ASSERT_EQ(b.SetFilter(kQueue, 9, Mac(0x42), kGuestVlan).status, NdisStatus::kSuccess);
  ASSERT_EQ(b.Complete({kQueue}).status, NdisStatus::kSuccess);
  send(a);
  // The physical switch learns the new port; the source tears down with frames still out.
  send(b);
  ASSERT_EQ(a.ClearFilter(kQueue, 7).status, NdisStatus::kSuccess);
  send(a);  // a straggler on the source now reaches its default queue
  ASSERT_EQ(a.Free(kQueue, 4242).status, NdisStatus::kPending);
  send(b);
  EXPECT_TRUE(a.log.completions.empty());
  a.ReturnAll();
  ASSERT_EQ(a.log.completions.size(), 1u);
  EXPECT_EQ(a.log.completions[0].request_id, 4242u);
  for (int i = 0; i < 5; ++i) send(b);

  // Every frame indicated exactly once, in order per adapter; the guest's frames on its queue.
  std::vector<std::uint8_t> seen;
  std::uint32_t on_guest_queue = 0;
  for (Dut* dut : {&a, &b}) {
    for (const auto& ind : dut->log.indications) {
      seen.push_back(ind.frame.back());
      if (ind.queue_id == kQueue) {
        ++on_guest_queue;
        EXPECT_EQ(ind.vlan_id, kGuestVlan);
      }
    }
  }
  std::vector<std::uint8_t> expected(sequence);
  for (std::uint8_t i = 0; i < sequence; ++i) expected[i] = static_cast<std::uint8_t>(i + 1);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(on_guest_queue,
            static_cast<std::uint32_t>(sequence) - 1);  // the straggler went default
  EXPECT_EQ(a.log.indications.back().queue_id, 0u);
}

}  // namespace
}  // namespace vmqkit::reference::test
