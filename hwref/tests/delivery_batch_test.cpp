// Nic::ReceiveDecided, the burst delivery a driver's receive_batch uses, against Receive frame by
// frame (the register-walking Deliver): each ring's registers are read once per call and written
// back once, and interrupts are moderated to one per queue per call, yet taking a burst call after
// call leaves every register and every byte of host memory as Receive leaves them, raises the
// same interrupts (only fewer times), and stops only before a frame whose ring is full.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "hwref/nic.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;

constexpr std::uint64_t kBase = 0x400000;
constexpr std::size_t kMemory = 0x100000;
constexpr std::uint32_t kQueues = 8;  // rings 0..7 (pools 0..3 with two queues per pool)
constexpr std::uint64_t kRingStride = 16 * (kDescriptorBytes + 2048);

template <typename T>
T Full(rc::Gen<T> gen) {
  return *rc::gen::resize(100, std::move(gen));
}

// The register state, generated once and applied to both devices.
struct DeviceSetup {
  std::uint32_t default_pool = 0;
  std::vector<std::uint64_t> macs;         // RAR entry i: this MAC -> pool_of_mac[i]
  std::vector<std::uint32_t> pool_of_mac;  // 0..3
  bool vlan_filter = false;                // VLNCTRL.VFE with VLVF entries for VIDs 10, 20
  std::vector<std::uint32_t> ring_size;    // per queue: 0 = no ring, else 8 or 16
  std::vector<bool> enabled, strip, far_ring;
  std::vector<std::uint32_t> bsize, tail;

  void Apply(Nic& nic) const {
    RegisterFile& r = nic.registers();
    test::EnableVmdq(r, 0x8, default_pool, false);
    for (std::uint32_t i = 0; i < macs.size(); ++i) {
      test::SetAddress(r, i, macs[i], std::uint64_t{1} << pool_of_mac[i]);
    }
    if (vlan_filter) {
      r.Write(R::kVLNCTRL, 0, 0x8100u | field::kVlnctrlVfe.Mask());
      test::SetVlanPoolFilter(r, 0, 10, 0x3);
      test::SetVlanPoolFilter(r, 1, 20, 0xC);
      r.Write(R::kVFTA, 0, (1u << 10) | (1u << 20));
    }
    for (std::uint32_t q = 0; q < kQueues; ++q) {
      if (ring_size[q] == 0) continue;
      // A ring outside host memory: every descriptor fetch is a DMA error.
      const std::uint64_t ring = far_ring[q] ? 0x10000000 : kBase + q * kRingStride;
      if (!far_ring[q]) test::SetupRing(nic, q, ring, ring_size[q]);
      r.Write(R::kRDBAL, q, static_cast<std::uint32_t>(ring));
      r.Write(R::kRDBAH, q, static_cast<std::uint32_t>(ring >> 32));
      r.Write(R::kRDLEN, q, ring_size[q] * kDescriptorBytes);
      r.Write(R::kRDT, q, tail[q] % ring_size[q]);
      r.Write(R::kSRRCTL, q, field::kSrrctlBsize.Put(0, bsize[q]));
      r.Write(R::kRXDCTL, q,
              (enabled[q] ? field::kRxdctlEnable.Mask() : 0) |
                  (strip[q] ? field::kRxdctlVme.Mask() : 0));
      // Every queue's interrupt on its own vector, enabled and unmasked, to processor q.
      const std::uint32_t ivar = r.Read(R::kIVAR, q / 2);
      const std::uint32_t entry = q | 0x80u;
      r.Write(R::kIVAR, q / 2,
              q % 2 == 0 ? (ivar & ~0xFFu) | entry : (ivar & ~0xFF00u) | (entry << 8));
      r.Write(R::kMSIXTADD, q, 0xFEE00000u | (q << 12));
      r.Write(R::kMSIXTVCTRL, q, 0);
      r.Write(R::kEIMS, 0, r.Read(R::kEIMS, 0) | (1u << q));
    }
  }
};

DeviceSetup AnyDeviceSetup() {
  DeviceSetup s;
  s.default_pool = Full(rc::gen::inRange(0u, 4u));
  const std::uint32_t entries = Full(rc::gen::inRange(0u, 6u));
  for (std::uint32_t i = 0; i < entries; ++i) {
    s.macs.push_back(test::Mac(0x00, 0x15, 0x5D, 0x00, 0x00, static_cast<std::uint8_t>(i + 1)));
    s.pool_of_mac.push_back(Full(rc::gen::inRange(0u, 4u)));
  }
  s.vlan_filter = Full(rc::gen::arbitrary<bool>());
  for (std::uint32_t q = 0; q < kQueues; ++q) {
    s.ring_size.push_back(Full(rc::gen::elementOf(std::vector<std::uint32_t>{0, 8, 16, 16})));
    s.enabled.push_back(
        Full(rc::gen::weightedOneOf<bool>({{6, rc::gen::just(true)}, {1, rc::gen::just(false)}})));
    s.strip.push_back(Full(rc::gen::arbitrary<bool>()));
    s.far_ring.push_back(
        Full(rc::gen::weightedOneOf<bool>({{8, rc::gen::just(false)}, {1, rc::gen::just(true)}})));
    s.bsize.push_back(Full(rc::gen::elementOf(std::vector<std::uint32_t>{2, 2, 2, 1, 0})));
    s.tail.push_back(Full(rc::gen::inRange(0u, 16u)));
  }
  return s;
}

std::vector<std::uint8_t> AnyFrame(const DeviceSetup& s) {
  std::uint64_t mac = 0xFFFF'FFFF'FFFFull;  // broadcast
  const int kind = Full(rc::gen::inRange(0, 6));
  if (kind < 4 && !s.macs.empty()) {
    mac = s.macs[Full(rc::gen::inRange<std::size_t>(0, s.macs.size()))];
  } else if (kind == 4) {
    mac = test::Mac(0x00, 0x15, 0x5D, 0x00, 0x09, 0x09);  // unknown unicast: the default pool
  }
  std::optional<std::uint16_t> tci;
  if (Full(rc::gen::arbitrary<bool>())) {
    tci = static_cast<std::uint16_t>(Full(rc::gen::elementOf(std::vector<int>{0, 10, 20, 30})) |
                                     (Full(rc::gen::inRange(0, 8)) << 13));
  }
  const std::size_t size =
      Full(rc::gen::weightedOneOf<std::size_t>({{8, rc::gen::inRange<std::size_t>(60, 130)},
                                                {1, rc::gen::inRange<std::size_t>(0, 60)},
                                                {1, rc::gen::inRange<std::size_t>(1000, 2200)}}));
  auto frame = test::EthernetFrame(mac, tci, size);
  frame.resize(size);
  for (std::size_t i = 18; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>(i * 7);
  return frame;
}

void CheckSameState(Nic& one_by_one, Nic& batched) {
  const RegisterLayout& layout = one_by_one.registers().layout();
  for (const RegisterSpec& spec : RegisterTable()) {
    for (std::uint32_t i = 0; i < layout.Count(spec.id); ++i) {
      RC_ASSERT(batched.registers().Get(spec.id, i) == one_by_one.registers().Get(spec.id, i));
    }
  }
  std::vector<std::uint8_t> a(kMemory), b(kMemory);
  RC_ASSERT(one_by_one.memory().Read(kBase, a));
  RC_ASSERT(batched.memory().Read(kBase, b));
  RC_ASSERT(a == b);
  // The same interrupts (queue, vector, processor), each raised once per call at most.
  using Key = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>;
  std::set<Key> raised_one, raised_batch;
  for (const InterruptEvent& e : one_by_one.interrupts()) {
    raised_one.emplace(e.queue, e.vector, e.processor.value_or(~0u));
  }
  for (const InterruptEvent& e : batched.interrupts()) {
    raised_batch.emplace(e.queue, e.vector, e.processor.value_or(~0u));
  }
  RC_ASSERT(raised_batch == raised_one);
  RC_ASSERT(batched.interrupts().size() <= one_by_one.interrupts().size());
}

RC_GTEST_PROP(DeliveryBatch, BurstDeliveryEqualsFrameByFrameDelivery, ()) {
  const DeviceSetup setup = AnyDeviceSetup();
  std::vector<std::vector<std::uint8_t>> storage;
  const int n = Full(rc::gen::inRange(0, 60));
  for (int i = 0; i < n; ++i) storage.push_back(AnyFrame(setup));
  const std::vector<Frame> frames(storage.begin(), storage.end());

  Nic one_by_one(k82599Profile, HostMemory(kBase, kMemory));
  Nic batched(k82599Profile, HostMemory(kBase, kMemory));
  setup.Apply(one_by_one);
  setup.Apply(batched);
  for (const Frame& frame : frames) (void)one_by_one.Receive(frame);

  std::vector<QueueId> words(frames.size());
  RC_ASSERT(batched.DecideBatch(frames, words));
  std::size_t first = 0;
  while (first < frames.size()) {
    const std::size_t taken = batched.ReceiveDecided(
        std::span(frames).subspan(first), std::span<const QueueId>(words).subspan(first));
    RC_ASSERT(taken >= 1u);
    first += taken;
    if (first < frames.size()) {
      // It stopped before a frame whose ring has no free descriptor (RDH == RDT).
      const QueueId next = words[first];
      RC_ASSERT(next.is_queue());
      RC_ASSERT(batched.registers().Get(R::kRDH, next.queue()) ==
                batched.registers().Get(R::kRDT, next.queue()));
    }
  }
  CheckSameState(one_by_one, batched);
}

// Interrupt moderation: a burst of frames to one queue raises its interrupt once.
TEST(DeliveryBatch, OneInterruptPerQueuePerBurst) {
  Nic nic(k82599Profile, HostMemory(kBase, kMemory));
  DeviceSetup setup;
  setup.macs = {test::Mac(0x00, 0x15, 0x5D, 0x00, 0x00, 0x01)};
  setup.pool_of_mac = {1};  // pool 1: queue 2
  setup.ring_size.assign(kQueues, 16);
  setup.enabled.assign(kQueues, true);
  setup.strip.assign(kQueues, false);
  setup.far_ring.assign(kQueues, false);
  setup.bsize.assign(kQueues, 2);
  setup.tail.assign(kQueues, 15);
  setup.Apply(nic);
  const auto frame = test::EthernetFrame(setup.macs[0], std::nullopt);
  const std::vector<Frame> frames(10, Frame(frame));
  std::vector<QueueId> words(frames.size());
  ASSERT_TRUE(nic.DecideBatch(frames, words));
  EXPECT_EQ(nic.ReceiveDecided(frames, words), frames.size());
  EXPECT_EQ(nic.registers().Read(R::kQPRC, 2), 10u);
  EXPECT_EQ(nic.registers().Read(R::kRDH, 2), 10u);
  ASSERT_EQ(nic.interrupts().size(), 1u);
  EXPECT_EQ(nic.interrupts()[0], (InterruptEvent{2, 2, 2u}));
}

// A full ring stops the burst before the frame (the driver cleans, then calls again); a frame
// taken first that still finds it full is dropped as Receive drops it, and so are the call's
// later frames for that ring (nothing cleaned it in between).
TEST(DeliveryBatch, FullRingStopsTheBurstThenDrops) {
  Nic nic(k82599Profile, HostMemory(kBase, kMemory));
  DeviceSetup setup;
  setup.macs = {test::Mac(0x00, 0x15, 0x5D, 0x00, 0x00, 0x01)};
  setup.pool_of_mac = {1};
  setup.ring_size.assign(kQueues, 8);
  setup.enabled.assign(kQueues, true);
  setup.strip.assign(kQueues, false);
  setup.far_ring.assign(kQueues, false);
  setup.bsize.assign(kQueues, 2);
  setup.tail.assign(kQueues, 7);  // seven free descriptors
  setup.Apply(nic);
  const auto frame = test::EthernetFrame(setup.macs[0], std::nullopt);
  const std::vector<Frame> frames(10, Frame(frame));
  std::vector<QueueId> words(frames.size());
  ASSERT_TRUE(nic.DecideBatch(frames, words));
  EXPECT_EQ(nic.ReceiveDecided(frames, words), 7u);
  EXPECT_EQ(nic.ReceiveDecided(std::span(frames).subspan(7), std::span(words).subspan(7)), 3u);
  EXPECT_EQ(nic.registers().Read(R::kQPRC, 2), 7u);
  EXPECT_EQ(nic.registers().Read(R::kQPRDC, 2), 3u);
  EXPECT_EQ(nic.registers().Read(R::kRXDRC, Index(DropReason::kNoDescriptor)), 3u);
}

}  // namespace
}  // namespace vmqkit::hwref
