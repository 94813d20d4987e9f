// The fast path's address table at scale: thousands of addresses (with duplicates and buckets that
// overflow into their neighbours), batch Classify against the readable path; and its memory.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <vector>

#include "hwref/nic.h"
#include "hwref/readable_path.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;

// Hyper-V's 00:15:5D prefix, then `id`: consecutive vNIC addresses, the hard case for a hash.
std::uint64_t HyperVMac(std::uint32_t id) {
  return test::Mac(0x00, 0x15, 0x5D, static_cast<std::uint8_t>(id >> 16),
                   static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id));
}

// The device's batch Classify (the lookups its CPU gives) and every lookup form this CPU runs
// (SSE2, AVX2, AVX-512) answer every frame as the readable path does.
void CheckEveryLookupFormEqualsReadable(Nic& nic,
                                        const std::vector<std::vector<std::uint8_t>>& storage) {
  const std::vector<Frame> frames(storage.begin(), storage.end());
  std::vector<QueueId> readable;
  for (Frame f : frames) readable.push_back(Summarize(DecideReadable(nic.registers(), f)));
  std::vector<QueueId> batch(frames.size());
  nic.Classify(frames, batch);
  RC_ASSERT(batch == readable);
  for (const auto& got : test::ClassifyWithEveryLoop(nic.registers(), frames)) {
    RC_ASSERT(got == readable);
  }
}

// `count` address entries, consecutive 00:15:5D addresses plus some repeated ones, each on a pool;
// VLAN entries for a few VIDs; the default pool and replication as drawn.
void ProgramManyAddresses(RegisterFile& r, std::uint32_t count, std::uint32_t seed) {
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t id = (i % 7 == 3) ? i / 2 : i;  // every seventh repeats an earlier one
    const std::uint64_t mac = HyperVMac(id);
    const std::uint32_t pool = (id * 2654435761u + seed) % 64;
    r.Write(R::kRAL, i, static_cast<std::uint32_t>(mac));
    r.Write(R::kRAH, i, static_cast<std::uint32_t>(mac >> 32) | field::kRahAv.Mask());
    r.Write(R::kMPSAR, 2 * i + pool / 32, 1u << (pool % 32));
  }
  r.Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  for (std::uint32_t w = 0; w < 128; ++w) r.Write(R::kVFTA, w, ~0u);
  for (std::uint32_t v = 0; v < 16; ++v) {
    r.Write(R::kVLVF, v, (100 + v) | field::kVlvfViEn.Mask());
    r.Write(R::kVLVFB, 2 * v, seed * (v + 1));
    r.Write(R::kVLVFB, 2 * v + 1, ~(seed + v));
  }
  for (std::uint32_t p = 0; p < 64; ++p) {
    r.Write(R::kVMOLR, p,
            ((seed >> (p % 32)) & 1) ? field::kVmolrAupe.Mask() | field::kVmolrBam.Mask() : 0);
  }
}

RC_GTEST_PROP(FastPathTable, ThousandsOfAddresses_BatchEqualsReadable, ()) {
  Nic nic(kLargeProfile, HostMemory(0, 0));
  const auto count = *rc::gen::inRange<std::uint32_t>(1, kLargeProfile.address_entries + 1);
  const auto seed = *rc::gen::arbitrary<std::uint32_t>();
  const auto mrqe = *rc::gen::elementOf(std::vector<std::uint32_t>{0x8, 0xB});
  test::EnableVmdq(nic.registers(), mrqe, *rc::gen::inRange<std::uint32_t>(0, 64),
                   *rc::gen::arbitrary<bool>());
  ProgramManyAddresses(nic.registers(), count, seed);
  std::vector<std::vector<std::uint8_t>> storage;
  for (int k = 0; k < 300; ++k) {
    const auto id = *rc::gen::inRange<std::uint32_t>(0, count + count / 4 + 1);  // some misses
    const bool broadcast = *rc::gen::inRange(0, 20) == 0;
    const std::uint64_t mac = broadcast ? kBroadcastMac : HyperVMac(id);
    const auto vid = *rc::gen::inRange<std::uint16_t>(0, 120);
    const bool tagged = *rc::gen::arbitrary<bool>();
    storage.push_back(
        test::EthernetFrame(mac, tagged ? std::optional<std::uint16_t>(vid) : std::nullopt));
  }
  CheckEveryLookupFormEqualsReadable(nic, storage);
}

// VMQ's own shape: every address on one pool, every pool with one VLAN (VLVF) as a VMQ
// miniport programs a (MAC, VLAN) filter per queue.
void ProgramVmqFilters(RegisterFile& r, std::uint32_t count) {
  r.Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t mac = HyperVMac(i);
    const std::uint32_t pool = 1 + i % 63;
    r.Write(R::kRAL, i, static_cast<std::uint32_t>(mac));
    r.Write(R::kRAH, i, static_cast<std::uint32_t>(mac >> 32) | field::kRahAv.Mask());
    r.Write(R::kMPSAR, 2 * i + pool / 32, 1u << (pool % 32));
  }
  for (std::uint32_t pool = 1; pool < 64; ++pool) {
    const std::uint32_t vid = 100 + pool;
    r.Write(R::kVLVF, pool, vid | field::kVlvfViEn.Mask());
    r.Write(R::kVLVFB, 2 * pool + pool / 32, 1u << (pool % 32));
    r.Write(R::kVFTA, vid / 32, r.Read(R::kVFTA, vid / 32) | (1u << (vid % 32)));
  }
}

// The precomputed table at scale, in VMQ's shape: thousands of (address, VLAN) filters, frames
// that hit, miss, carry another queue's VLAN or none, or are broadcast; both lookup widths.
RC_GTEST_PROP(FastPathTable, ThousandsOfVmqFilters_EveryLookupFormEqualsReadable, ()) {
  Nic nic(kLargeProfile, HostMemory(0, 0));
  test::EnableVmdq(nic.registers());
  const auto count = *rc::gen::inRange<std::uint32_t>(1, kLargeProfile.address_entries + 1);
  ProgramVmqFilters(nic.registers(), count);
  RC_ASSERT(nic.fast_path().precomputed());
  std::vector<std::vector<std::uint8_t>> storage;
  for (int k = 0; k < 300; ++k) {
    const auto id = *rc::gen::inRange<std::uint32_t>(0, count + count / 4 + 1);  // some misses
    const std::uint64_t mac = *rc::gen::inRange(0, 20) == 0 ? kBroadcastMac : HyperVMac(id);
    const auto vid = static_cast<std::uint16_t>(100 + 1 + (id + *rc::gen::inRange(0, 2)) % 63);
    storage.push_back(test::EthernetFrame(
        mac, *rc::gen::arbitrary<bool>() ? std::optional<std::uint16_t>(vid) : std::nullopt));
  }
  CheckEveryLookupFormEqualsReadable(nic, storage);
}

// E-803: what grows with the filters (the address table and the precomputed exact table) stays
// within the 64 bytes per filter for VMQ's own shape; the other tables do not grow.
TEST(FastPath, Memory_AtMost64BytesPerFilterForVmqFilters) {
  Nic small(kLargeProfile, HostMemory(0, 0));
  Nic large(kLargeProfile, HostMemory(0, 0));
  test::EnableVmdq(small.registers());
  test::EnableVmdq(large.registers());
  ProgramVmqFilters(small.registers(), 16);
  ProgramVmqFilters(large.registers(), 4096);
  ASSERT_TRUE(small.fast_path().precomputed());
  ASSERT_TRUE(large.fast_path().precomputed());
  const FastPath::MemoryUse s = small.fast_path().memory();
  const FastPath::MemoryUse l = large.fast_path().memory();
  EXPECT_EQ(s.fixed_bytes, l.fixed_bytes);
  EXPECT_GT(l.per_filter_bytes, s.per_filter_bytes);
  EXPECT_LE(l.per_filter_bytes, 4096u * 64u);
}

// E-805: pools that take many VLANs each multiply the (address, class) pairs; past the budget the
// precomputed table is not built (and costs nothing), and the general path still decides alike.
TEST(FastPath, PrecomputedTable_OffPastItsBudget_GeneralPathDecides) {
  Nic nic(kLargeProfile, HostMemory(0, 0));
  test::EnableVmdq(nic.registers());
  ProgramManyAddresses(nic.registers(), 4096, 1);  // 16 VLANs, each reaching most pools
  EXPECT_FALSE(nic.fast_path().precomputed());
  EXPECT_LE(nic.fast_path().memory().per_filter_bytes, 4096u * 33u);
  std::vector<std::vector<std::uint8_t>> storage;
  for (std::uint32_t id = 0; id < 200; ++id) {
    storage.push_back(
        test::EthernetFrame(test::Mac(0x00, 0x15, 0x5D, 0, static_cast<std::uint8_t>(id >> 8),
                                      static_cast<std::uint8_t>(id)),
                            id % 2 ? std::optional<std::uint16_t>(100 + id % 20) : std::nullopt));
  }
  const std::vector<Frame> frames(storage.begin(), storage.end());
  std::vector<QueueId> batch(frames.size());
  nic.Classify(frames, batch);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(batch[i], Summarize(DecideReadable(nic.registers(), frames[i]))) << i;
  }
}

// The precomputed table answers VMQ's frames by itself: a hit, a miss, a wrong VLAN, a broadcast.
TEST(FastPath, PrecomputedTable_AnswersVmqFramesLikeTheReadablePath) {
  Nic nic(kLargeProfile, HostMemory(0, 0));
  test::EnableVmdq(nic.registers());
  ProgramVmqFilters(nic.registers(), 300);
  ASSERT_TRUE(nic.fast_path().precomputed());
  std::vector<std::vector<std::uint8_t>> storage;
  for (std::uint32_t i = 0; i < 400; ++i) {
    const std::uint32_t pool = 1 + i % 63;
    const std::uint64_t mac =
        i % 50 == 7 ? kBroadcastMac
                    : test::Mac(0x00, 0x15, 0x5D, 0, static_cast<std::uint8_t>(i >> 8),
                                static_cast<std::uint8_t>(i));
    const std::uint16_t vid = static_cast<std::uint16_t>(100 + (i % 3 == 0 ? pool : pool + 1));
    storage.push_back(
        test::EthernetFrame(mac, i % 5 == 0 ? std::nullopt : std::optional<std::uint16_t>(vid)));
  }
  const std::vector<Frame> frames(storage.begin(), storage.end());
  std::vector<QueueId> batch(frames.size());
  nic.Classify(frames, batch);
  std::size_t queued = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const QueueId readable = Summarize(DecideReadable(nic.registers(), frames[i]));
    EXPECT_EQ(batch[i], readable) << i;
    EXPECT_EQ(nic.fast_path().ClassifyOne(frames[i]), readable) << i;
    queued += readable.is_queue() && readable.queue() != 0 ? 1 : 0;
  }
  EXPECT_GT(queued, 50u);  // the frames do reach the filters' pools, not only the default
}

}  // namespace
}  // namespace vmqkit::hwref
