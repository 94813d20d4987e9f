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

// `count` address entries, consecutive 00:15:5D addresses plus some repeated ones, each on a pool;
// VLAN entries for a few VIDs; the default pool and replication as drawn.
void ProgramManyAddresses(RegisterFile& r, std::uint32_t count, std::uint32_t seed) {
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t id = (i % 7 == 3) ? i / 2 : i;  // every seventh repeats an earlier one
    const std::uint64_t mac =
        test::Mac(0x00, 0x15, 0x5D, static_cast<std::uint8_t>(id >> 16),
                  static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id));
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
    const std::uint64_t mac =
        broadcast ? kBroadcastMac
                  : test::Mac(0x00, 0x15, 0x5D, static_cast<std::uint8_t>(id >> 16),
                              static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id));
    const auto vid = *rc::gen::inRange<std::uint16_t>(0, 120);
    const bool tagged = *rc::gen::arbitrary<bool>();
    storage.push_back(
        test::EthernetFrame(mac, tagged ? std::optional<std::uint16_t>(vid) : std::nullopt));
  }
  const std::vector<Frame> frames(storage.begin(), storage.end());
  std::vector<QueueId> batch(frames.size());
  nic.Classify(frames, batch);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    RC_ASSERT(batch[i] == Summarize(DecideReadable(nic.registers(), frames[i])));
  }
}

// E-803: the address table grows with the installed addresses, at most 2 x 16 bytes (plus an
// overflow bit per bucket) each; the other tables do not grow.
TEST(FastPath, Memory_AddressTableGrowsWithFiltersOnly) {
  Nic small(kLargeProfile, HostMemory(0, 0));
  Nic large(kLargeProfile, HostMemory(0, 0));
  test::EnableVmdq(small.registers());
  test::EnableVmdq(large.registers());
  ProgramManyAddresses(small.registers(), 16, 1);
  ProgramManyAddresses(large.registers(), 4096, 1);
  const FastPath::MemoryUse s = small.fast_path().memory();
  const FastPath::MemoryUse l = large.fast_path().memory();
  EXPECT_EQ(s.fixed_bytes, l.fixed_bytes);
  EXPECT_GT(l.per_filter_bytes, s.per_filter_bytes);
  EXPECT_LE(l.per_filter_bytes, 4096u * 33u);
}

}  // namespace
}  // namespace vmqkit::hwref
