#pragma once
// The fast receive decision: the filter registers decoded into lookup structures, rebuilt when
// a filter register changes (RegisterFile::filter_generation), so a frame costs one hash probe
// for the destination address, one array load for the VLAN id and a few bit operations.
// It must return exactly what DecideReadable returns (property in hwref/tests).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hwref/decision.h"
#include "hwref/frame.h"
#include "hwref/pipeline_mode.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref {

class FastPath {
 public:
  FastPath() = default;
  explicit FastPath(const RegisterFile& regs) { Rebuild(regs); }

  void Rebuild(const RegisterFile& regs);
  std::uint64_t generation() const { return generation_; }

  // The full decision (queue list, RSS hash), as DecideReadable gives it.
  Decision Decide(Frame frame) const;
  // One word per frame; queues.size() must be >= frames.size() (extra entries are untouched).
  void Classify(std::span<const Frame> frames, std::span<QueueId> queues) const;
  QueueId ClassifyOne(Frame frame) const;

  // Bytes the decoded tables hold: the address table grows with the installed filters; the rest
  // (VLAN table, hash tables, Toeplitz tables, the object) does not.
  struct MemoryUse {
    std::size_t per_filter_bytes = 0;
    std::size_t fixed_bytes = 0;
  };
  MemoryUse memory() const;

 private:
  // The pool set after every filter stage, or a drop; both paths to the queue start here.
  struct Selection {
    std::uint64_t pools = 0;  // non-VMDq mode: 1 when accepted
    std::uint32_t drop = kNoDrop;
  };
  static constexpr std::uint32_t kNoDrop = 0xFF;

  // The address table: buckets of four (address, pools) slots, one cache line each, probed
  // bucket by bucket. A frame's home bucket answers a hit or a miss without a branch unless an
  // insert ever overflowed it (mac_overflow_), which the 2x sizing makes rare.
  static constexpr std::size_t kBucketSlots = 4;
  struct alignas(64) MacBucket {
    std::array<std::uint64_t, kBucketSlots> keys;   // packed address, kEmptyKey when free
    std::array<std::uint64_t, kBucketSlots> pools;  // OR of MPSAR of every entry with the address
  };
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  // VLAN stage result per VID, index 4096 for untagged and priority-tagged frames.
  struct VlanSlot {
    std::uint64_t pools = 0;
    bool pass = true;  // the global VFTA filter lets the VID in
  };

  Selection Select(Frame frame, L2Header& l2) const;
  QueueId Classify1(Frame frame) const;
  const std::uint64_t* FindMac(std::uint64_t mac) const;
  std::uint64_t HomeBucket(std::uint64_t mac) const;
  // The common VMDq case (no RSS, unicast or broadcast, accepted by exactly one pool) without
  // data-dependent branches; false sends the frame to Classify1.
  bool QuickClassify(Frame frame, std::uint64_t bucket, QueueId& out) const;
  std::uint32_t Hash(const RssInput& input) const;
  std::uint32_t QueueIndex(std::uint32_t pool, std::uint32_t hash) const;

  std::uint64_t generation_ = ~std::uint64_t{0};
  bool rx_enabled_ = false;
  std::uint16_t vet_ = 0x8100;
  std::uint32_t max_untagged_ = 0;  // MFS, FCS included
  PipelineMode mode_{};
  RssFields rss_fields_{};

  // MAC stage
  std::vector<MacBucket> mac_buckets_;
  std::vector<std::uint64_t> mac_overflow_;  // bit b: an insert passed bucket b because it was full
  std::uint64_t bucket_mask_ = 0;
  unsigned mac_shift_ = 64;
  std::uint64_t bam_pools_ = 0, rompe_pools_ = 0, mpe_pools_ = 0, rope_pools_ = 0;
  std::array<std::uint64_t, 64> mta_{};
  std::array<std::uint64_t, 64> uta_{};
  bool mfe_ = false;
  std::uint32_t mo_ = 0;
  // non-VMDq receive filter
  bool fctrl_bam_ = false, fctrl_mpe_ = false, fctrl_upe_ = false;
  // VLAN stage
  std::vector<VlanSlot> vlan_;
  // default pool, VFRE, replication, queues
  std::uint64_t default_pools_ = 0;
  std::uint64_t enabled_pools_ = 0;
  bool replicate_ = false;
  std::array<std::uint8_t, 128> reta_{};
  std::array<std::uint32_t, 64> rss_mask_{};  // per pool: 2^RQPL capped by queues per pool, -1
  // Toeplitz as one table per input byte position: hash = XOR of table[i][byte i].
  std::vector<std::array<std::uint32_t, 256>> toeplitz_;
};

}  // namespace vmqkit::hwref
