#pragma once
// The filter registers decoded into lookup structures: FastPath's tables and the loops that read
// them, private to hwref/fast_path/ (everything else includes hwref/fast_path/fast_path.h).
// In the VMDq modes without RSS (VMQ's own) the whole decision is precomputed: a frame costs one
// array load for its VLAN entry and one probe of an exact table keyed by (destination address,
// VLAN class) whose answer is the queue; the frames that table cannot answer alone (multicast with
// MTA filtering, unicast misses with UTA filtering, odd sizes) and every other mode take the
// general path, one hash probe for the address and the pool stages as bit operations.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hwref/decision.h"
#include "hwref/fast_path/exact_table.h"
#include "hwref/fast_path/fast_path.h"
#include "hwref/frame.h"
#include "hwref/pipeline_mode.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref {

class DecodedFilters {
 public:
  using Lookups = FastPath::Lookups;
  using MemoryUse = FastPath::MemoryUse;

  void Rebuild(const RegisterFile& regs);

  Decision Decide(Frame frame) const;
  void Classify(std::span<const Frame> frames, std::span<QueueId> queues) const;

  // Not counting the FastPath that owns this object.
  MemoryUse memory() const;
  bool precomputed() const { return precomputed_; }
  static std::vector<Lookups> SupportedLookups();
  bool UseLookups(Lookups lookups);

 private:
  // The pool set after every filter stage, or a drop; both paths to the queue start here.
  struct Selection {
    std::uint64_t pools = 0;  // non-VMDq mode: 1 when accepted
    std::uint32_t drop = kNoDrop;
  };
  static constexpr std::uint32_t kNoDrop = 0xFF;

  // The address table of the general path: buckets of four (address, pools) slots, one cache
  // line each, probed bucket by bucket until a bucket no insert ever passed (mac_overflow_).
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

  // What the precomputed path answers for a frame the exact table does not hold, per VLAN class
  // and destination kind; ExactTable::kAbsent where the answer depends on more than the class.
  enum DestinationKind : std::uint8_t { kUnicast = 0, kMulticast = 1, kBroadcast = 2 };
  static constexpr std::size_t kDestinationKinds = 3;
  // Everything the precomputed path needs from a VLAN index, in one 64-bit word so that one
  // load (one gather lane) fetches it: the class's miss answers (answer words) for unicast,
  // multicast and broadcast in bits 15:0, 31:16, 47:32, shifted down by 16 per DestinationKind,
  // and the VLAN class in bits 63:48, where it sits in the exact table's key, so a key is the
  // address with the entry's top 16 bits.
  static constexpr std::uint64_t kClassBits = 0xFFFFull << 48;
  static constexpr std::uint64_t VlanEntry(std::uint16_t cls, std::uint16_t unicast,
                                           std::uint16_t multicast, std::uint16_t broadcast) {
    return unicast | (std::uint64_t{multicast} << 16) | (std::uint64_t{broadcast} << 32) |
           (std::uint64_t{cls} << 48);
  }

  // The precomputed tables hold an answer as a 16-bit word: a queue number below 0x3FFF in
  // bits 13:0, QueueId's two tags (drop, replicated) in bits 15:14 with the drop reason below.
  // No answer has both tags, so no word is ExactTable::kAbsent or kPastHome; the batch loops
  // turn a word back into a QueueId with two masks and a shift, no table.
  static constexpr std::uint32_t kAnswerValueBits = 0x3FFF;
  static constexpr std::uint32_t kAnswerTagBits = 0xC000;
  static constexpr std::optional<std::uint16_t> AnswerWord(QueueId answer) {
    const std::uint32_t raw = answer.raw();
    const std::uint32_t tags = (raw >> 16) & kAnswerTagBits;
    const std::uint32_t value = raw & ~(kAnswerTagBits << 16);
    if (value >= kAnswerValueBits) return std::nullopt;
    return static_cast<std::uint16_t>(tags | value);
  }
  [[gnu::always_inline]] static constexpr QueueId FromAnswerWord(std::uint32_t word) {
    return QueueId::FromRaw((word & kAnswerValueBits) | ((word & kAnswerTagBits) << 16));
  }
  static constexpr bool RoundTrips(QueueId answer) {
    const auto word = AnswerWord(answer);
    return word && *word != ExactTable::kAbsent && *word != ExactTable::kPastHome &&
           FromAnswerWord(*word) == answer;
  }

  Selection Select(Frame frame, L2Header& l2) const;
  // The pool stages after the address stage: VLAN pools, default pool, VFRE, replication.
  Selection Narrow(std::uint64_t pools, std::uint64_t vlan_pools, bool multicast) const;
  // The queue word of a selection when RSS is off.
  static QueueId WithoutRss(Selection s, std::uint32_t queues_per_pool);
  QueueId Classify1(Frame frame) const;
  const std::uint64_t* FindMac(std::uint64_t mac) const;
  // Two multiply-xorshift rounds: addresses that differ only in their last bytes (the usual case
  // for one vendor's NICs) still spread over the table; one multiply alone clusters them.
  static constexpr std::uint64_t MixMac(std::uint64_t mac) {
    std::uint64_t x = mac * 0x9E37'79B9'7F4A'7C15ull;
    x ^= x >> 29;
    return x * 0xBF58'476D'1CE4'E5B9ull;
  }
  std::uint64_t HomeBucket(std::uint64_t mac) const;
  // Rebuild's steps: the exact address table; the per-pool and hash filters (returns the pools
  // that accept untagged frames, VMOLR.AUPE, for the VLAN stage); the VLAN stage; RSS.
  void DecodeAddresses(const RegisterFile& regs);
  std::uint64_t DecodePoolFilters(const RegisterFile& regs);
  void DecodeVlans(const RegisterFile& regs, std::uint64_t aupe_pools);
  void DecodeRss(const RegisterFile& regs);
  void BuildPrecomputed();
  // BuildPrecomputed's steps: the classes of VLAN indexes that decide alike (class_of per VLAN
  // index), the answers of a frame the exact table does not hold per class and destination
  // kind, and the exact table's entries.
  struct VlanClasses {
    std::vector<std::uint16_t> class_of;
    std::vector<VlanSlot> classes;
  };
  struct AnswerWords;
  VlanClasses ClassesOfVlans() const;
  std::vector<std::array<std::uint16_t, kDestinationKinds>> MissAnswers(
      const std::vector<VlanSlot>& classes, AnswerWords& number) const;
  std::optional<std::vector<ExactTable::Entry>> ExactEntries(const std::vector<VlanSlot>& classes,
                                                             AnswerWords& number) const;
  // The precomputed path in two steps: what a frame's header says (false: the general path
  // decides it), then the answer, ExactTable::kAbsent when the general path must decide.
  struct Probe {
    std::uint64_t key = 0;   // destination address | VLAN class << 48
    std::size_t home = 0;    // the key's home bucket in exact_
    std::uint16_t miss = 0;  // the frame's miss answer (VlanEntry)
  };
  // The precomputed path's tables as plain values, copied into a batch loop's locals so that
  // they stay in registers across the general path's calls.
  struct PrecomputedView {
    const std::uint64_t* vlan_entries;
    ExactTable::View exact;
    std::size_t size_span;  // sizes (FCS included) from kMinFrameWithFcs on that Prepare takes
    // The entry of frames of other sizes: a class with no exact entries, every miss answer
    // kAbsent, so the general path decides them.
    std::uint64_t general_entry;
    std::uint16_t vet;
  };
  PrecomputedView View() const;
  static void Prepare(const PrecomputedView& view, Frame frame, Probe& probe);
  // The answer's word (AnswerWord), ExactTable::kAbsent for the general path.
  template <bool kWide>
  static std::uint16_t Answer(const PrecomputedView& view, const Probe& probe);
  // The batch loop of the precomputed path; kWide: the lookups compare four slots at once
  // (AVX2), only in ClassifyPrecomputedAvx2.
  template <bool kWide>
  void ClassifyPrecomputed(std::span<const Frame> frames, std::span<QueueId> queues) const;
  void ClassifyPrecomputedAvx2(std::span<const Frame> frames, std::span<QueueId> queues) const;
  // The eight-lane loop (hwref/fast_path/fast_path_avx512.cpp).
  void ClassifyPrecomputedAvx512(std::span<const Frame> frames, std::span<QueueId> queues) const;
  static bool CpuHasAvx2();
  static bool CpuHasAvx512();
  static Lookups WidestLookups();
  std::uint32_t Hash(const RssInput& input) const;
  std::uint32_t QueueIndex(std::uint32_t pool, std::uint32_t hash) const;

  bool rx_enabled_ = false;
  std::uint16_t vet_ = 0x8100;
  std::uint32_t max_untagged_ = 0;  // MFS, FCS included
  PipelineMode mode_{};
  RssFields rss_fields_{};

  // MAC stage
  std::vector<MacBucket> mac_buckets_;
  std::vector<std::uint64_t> mac_overflow_;  // bit b: an insert passed bucket b because it was full
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
  // The precomputed decision: VLAN index (VID, 4096 untagged) -> class of VIDs that decide
  // alike; per class the answers of a frame not in the exact table; (address, class) -> answer.
  bool precomputed_ = false;
  Lookups lookups_ = WidestLookups();
  std::vector<std::uint64_t> vlan_entries_;  // VlanEntry per VLAN index
  std::uint64_t general_entry_ = 0;
  ExactTable exact_;
};

inline DecodedFilters::PrecomputedView DecodedFilters::View() const {
  return PrecomputedView{
      vlan_entries_.data(), exact_.view(),
      // sizes kMinFrameWithFcs..MFS; none when MFS is below the minimum
      max_untagged_ >= kMinFrameWithFcs ? std::size_t{max_untagged_} - kMinFrameWithFcs + 1 : 0,
      general_entry_, vet_};
}

// Inline here, not in fast_path.cpp: the build (decode_registers.cpp) uses them too.
[[gnu::always_inline]] inline std::uint64_t DecodedFilters::HomeBucket(std::uint64_t mac) const {
  return ((MixMac(mac) >> 32) * mac_buckets_.size()) >> 32;
}

[[gnu::always_inline]] inline DecodedFilters::Selection DecodedFilters::Narrow(
    std::uint64_t pools, std::uint64_t vlan_pools, bool multicast) const {
  pools &= vlan_pools;
  if (pools == 0 && !multicast) pools = default_pools_;
  if (pools == 0) return {0, Index(DropReason::kNoPool)};
  pools &= enabled_pools_;
  if (pools == 0) return {0, Index(DropReason::kPoolDisabled)};
  if (!replicate_) pools &= ~pools + 1;
  return {pools, kNoDrop};
}

}  // namespace vmqkit::hwref
