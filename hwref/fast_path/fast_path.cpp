#include "hwref/fast_path/fast_path.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "hwref/fast_path/decoded_filters.h"

namespace vmqkit::hwref {
namespace {

std::uint64_t Load48(const std::uint8_t* p) {
  return std::uint64_t{p[0]} | (std::uint64_t{p[1]} << 8) | (std::uint64_t{p[2]} << 16) |
         (std::uint64_t{p[3]} << 24) | (std::uint64_t{p[4]} << 32) | (std::uint64_t{p[5]} << 40);
}

bool TestBit(const std::array<std::uint64_t, 64>& bits, std::uint32_t i) {
  return ((bits[i >> 6] >> (i & 63)) & 1) != 0;
}

}  // namespace

// The per-frame helpers are forced inline: the batch loop is the hot path, and a call per stage
// costs as much as the stage itself (HomeBucket and Narrow, shared with the build, are in
// decoded_filters.h).
[[gnu::always_inline]] inline const std::uint64_t* DecodedFilters::FindMac(
    std::uint64_t mac) const {
  for (std::uint64_t b = HomeBucket(mac);; ++b) {
    const MacBucket& bucket = mac_buckets_[b];
    for (std::size_t j = 0; j < kBucketSlots; ++j) {
      if (bucket.keys[j] == mac) return &bucket.pools[j];
    }
    if (((mac_overflow_[b / 64] >> (b % 64)) & 1) == 0) return nullptr;
    if (b + 1 == mac_buckets_.size()) b = ~std::uint64_t{0};  // wraps to 0
  }
}

[[gnu::always_inline]] inline DecodedFilters::Selection DecodedFilters::Select(Frame frame,
                                                                               L2Header& l2) const {
  if (!rx_enabled_) return {0, Index(DropReason::kReceiveDisabled)};
  const std::size_t size_with_fcs = frame.size() + kFcsBytes;
  if (size_with_fcs < kMinFrameWithFcs) return {0, Index(DropReason::kUndersize)};
  const std::uint8_t* p = frame.data();
  l2.destination = Load48(p);
  const auto ethertype = static_cast<std::uint16_t>((p[12] << 8) | p[13]);
  l2.tagged = ethertype == vet_;
  std::uint32_t vlan_index = 4096;
  if (l2.tagged) {
    l2.tci = static_cast<std::uint16_t>((p[14] << 8) | p[15]);
    l2.vid = static_cast<std::uint16_t>(l2.tci & 0x0FFF);
    l2.ethertype = static_cast<std::uint16_t>((p[16] << 8) | p[17]);
    l2.l3_offset = 18;
    vlan_index = l2.vid;
  } else {
    l2.ethertype = ethertype;
    l2.l3_offset = 14;
  }
  if (size_with_fcs > max_untagged_ + (l2.tagged ? kVlanTagBytes : 0)) {
    return {0, Index(DropReason::kOversize)};
  }
  const VlanSlot& vlan = vlan_[vlan_index];
  if (!vlan.pass) return {0, Index(DropReason::kVlanFilter)};

  const std::uint64_t da = l2.destination;
  const bool multicast = IsMulticastMac(da);
  if (!mode_.vmdq) {
    bool accept;
    if (da == kBroadcastMac) {
      accept = fctrl_bam_;
    } else {
      accept =
          FindMac(da) != nullptr ||
          (multicast ? fctrl_mpe_ || (mfe_ && TestBit(mta_, HashTableIndex(da, mo_))) : fctrl_upe_);
    }
    return accept ? Selection{1, kNoDrop} : Selection{0, Index(DropReason::kMacFilter)};
  }

  std::uint64_t pools;
  if (da == kBroadcastMac) {
    pools = bam_pools_;
  } else if (const std::uint64_t* hit = FindMac(da)) {
    pools = *hit | (multicast ? mpe_pools_ : 0);
  } else if (multicast) {
    pools = mpe_pools_ | (mfe_ && TestBit(mta_, HashTableIndex(da, mo_)) ? rompe_pools_ : 0);
  } else {
    pools = TestBit(uta_, HashTableIndex(da, mo_)) ? rope_pools_ : 0;
  }
  return Narrow(pools, vlan.pools, multicast);
}

QueueId DecodedFilters::WithoutRss(Selection s, std::uint32_t queues_per_pool) {
  if (s.drop != kNoDrop) return QueueId::Drop(static_cast<DropReason>(s.drop));
  if ((s.pools & (s.pools - 1)) != 0) return QueueId::Replicated();
  return QueueId::Queue(static_cast<std::uint32_t>(std::countr_zero(s.pools)) * queues_per_pool);
}

std::uint32_t DecodedFilters::Hash(const RssInput& input) const {
  std::uint32_t h = 0;
  for (std::uint32_t i = 0; i < input.length; ++i) h ^= toeplitz_[i][input.bytes[i]];
  return h;
}

[[gnu::always_inline]] inline std::uint32_t DecodedFilters::QueueIndex(std::uint32_t pool,
                                                                       std::uint32_t hash) const {
  return reta_[hash & 0x7F] & rss_mask_[pool];
}

// Not inlined: the precomputed loop calls it for the few frames it cannot answer.
[[gnu::noinline]] QueueId DecodedFilters::Classify1(Frame frame) const {
  L2Header l2;
  const Selection s = Select(frame, l2);
  if (s.drop != kNoDrop) return QueueId::Drop(static_cast<DropReason>(s.drop));
  if ((s.pools & (s.pools - 1)) != 0) return QueueId::Replicated();
  std::uint32_t hash = 0;
  bool hashed = false;
  if (mode_.rss) {
    const RssInput input = SelectRssInput(frame, l2, rss_fields_);
    hashed = input.type != RssType::kNone;
    if (hashed) hash = Hash(input);
  }
  if (!mode_.vmdq) return QueueId::Queue(hashed ? reta_[hash & 0x7F] & kRssOnlyQueueMask : 0);
  const auto pool = static_cast<std::uint32_t>(std::countr_zero(s.pools));
  return QueueId::Queue(pool * mode_.queues_per_pool + (hashed ? QueueIndex(pool, hash) : 0));
}

std::vector<DecodedFilters::Lookups> DecodedFilters::SupportedLookups() {
  std::vector<Lookups> supported = {Lookups::kSse2};
  if (CpuHasAvx2()) supported.push_back(Lookups::kAvx2);
  if (CpuHasAvx512()) supported.push_back(Lookups::kAvx512);
  return supported;
}

DecodedFilters::Lookups DecodedFilters::WidestLookups() {
  return SupportedLookups().back();
}

bool DecodedFilters::UseLookups(Lookups lookups) {
  const std::vector<Lookups> supported = SupportedLookups();
  if (std::find(supported.begin(), supported.end(), lookups) == supported.end()) return false;
  lookups_ = lookups;
  return true;
}

// Reads only the first 18 bytes, after the size check has made sure they are there. A frame of
// an odd size gets the general class, whose answers send it to the general path: shorter than
// the minimum, longer than the untagged maximum (a tagged frame may be four bytes longer; the
// general path decides those few exactly), or any frame when MFS is below the minimum.
[[gnu::always_inline]] inline void DecodedFilters::Prepare(const PrecomputedView& view, Frame frame,
                                                           Probe& probe) {
  const std::size_t size_with_fcs = frame.size() + kFcsBytes;
  std::uint64_t entry = view.general_entry;
  std::uint64_t da = 0;
  if (size_with_fcs - kMinFrameWithFcs < view.size_span) [[likely]] {
    const std::uint8_t* p = frame.data();
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&da, p, sizeof da);
      da &= kBroadcastMac;
    } else {
      da = Load48(p);
    }
    // The EtherType and the tag control word in one load. Tagged or not is as unpredictable
    // as the traffic: masks instead of branches.
    std::uint32_t word;  // bytes 12..15 in wire order
    std::memcpy(&word, p + 12, sizeof word);
    if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap32(word);
    const std::uint32_t tagged = (word >> 16) == view.vet ? ~0u : 0u;
    entry = view.vlan_entries[((word & 0x0FFFu) & tagged) | (4096u & ~tagged)];
  }
  probe.key = da | (entry & kClassBits);
  probe.home = view.exact.Home(probe.key);
  const auto kind =  // DestinationKind: the group bit, plus one for all ones
      static_cast<std::uint32_t>(da & 1) + static_cast<std::uint32_t>(da == kBroadcastMac);
  probe.miss = static_cast<std::uint16_t>(entry >> (16 * kind));
}

template <bool kWide>
[[gnu::always_inline]] inline std::uint16_t DecodedFilters::Answer(const PrecomputedView& view,
                                                                   const Probe& probe) {
  return view.exact.FindFrom<kWide>(probe.home, probe.key, probe.miss);
}

template <bool kWide>
[[gnu::always_inline]] inline void DecodedFilters::ClassifyPrecomputed(
    std::span<const Frame> frames, std::span<QueueId> queues) const {
  // Two passes over each group: the first finds every frame's home bucket and prefetches it,
  // so the second's cache misses overlap instead of stalling one after another.
  const PrecomputedView view = View();
  constexpr std::size_t kGroup = 16;
  std::array<Probe, kGroup> probes{};
  for (std::size_t start = 0; start < frames.size(); start += kGroup) {
    const std::size_t count = std::min(kGroup, frames.size() - start);
    for (std::size_t k = 0; k < count; ++k) {
      Prepare(view, frames[start + k], probes[k]);
      view.exact.Prefetch(probes[k].home);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint16_t answer = Answer<kWide>(view, probes[k]);
      queues[start + k] =
          answer != ExactTable::kAbsent ? FromAnswerWord(answer) : Classify1(frames[start + k]);
    }
  }
}

// The same loop compiled for AVX2, chosen at run time (CpuHasAvx2): the build itself targets
// baseline x86-64, so the binary runs on any x86-64 CPU.
#if defined(__x86_64__)
[[gnu::target("avx2")]] void DecodedFilters::ClassifyPrecomputedAvx2(
    std::span<const Frame> frames, std::span<QueueId> queues) const {
  ClassifyPrecomputed<true>(frames, queues);
}
bool DecodedFilters::CpuHasAvx2() {
  return __builtin_cpu_supports("avx2") != 0;
}
#else
void DecodedFilters::ClassifyPrecomputedAvx2(std::span<const Frame> frames,
                                             std::span<QueueId> queues) const {
  ClassifyPrecomputed<false>(frames, queues);
}
bool DecodedFilters::CpuHasAvx2() {
  return false;
}
#endif

void DecodedFilters::Classify(std::span<const Frame> frames, std::span<QueueId> queues) const {
  const std::size_t n = std::min(frames.size(), queues.size());
  if (!precomputed_) {
    for (std::size_t i = 0; i < n; ++i) queues[i] = Classify1(frames[i]);
  } else if (lookups_ == Lookups::kAvx512) {
    ClassifyPrecomputedAvx512(frames.first(n), queues.first(n));
  } else if (lookups_ == Lookups::kAvx2) {
    ClassifyPrecomputedAvx2(frames.first(n), queues.first(n));
  } else {
    ClassifyPrecomputed<false>(frames.first(n), queues.first(n));
  }
}

DecodedFilters::MemoryUse DecodedFilters::memory() const {
  return MemoryUse{mac_buckets_.capacity() * sizeof(MacBucket) +
                       mac_overflow_.capacity() * sizeof(std::uint64_t) + exact_.bytes(),
                   sizeof(*this) + vlan_.capacity() * sizeof(VlanSlot) +
                       toeplitz_.capacity() * sizeof(toeplitz_[0]) +
                       vlan_entries_.capacity() * sizeof(std::uint64_t)};
}

Decision DecodedFilters::Decide(Frame frame) const {
  Decision d;
  L2Header l2;
  const Selection s = Select(frame, l2);
  if (s.drop != kNoDrop) {
    d.drop = static_cast<DropReason>(s.drop);
    return d;
  }
  bool hashed = false;
  if (mode_.rss) {
    const RssInput input = SelectRssInput(frame, l2, rss_fields_);
    d.rss_type = input.type;
    hashed = input.type != RssType::kNone;
    if (hashed) d.rss_hash = Hash(input);
  }
  if (!mode_.vmdq) {
    d.queues.push_back(hashed ? reta_[d.rss_hash & 0x7F] & kRssOnlyQueueMask : 0);
    return d;
  }
  for (std::uint64_t pools = s.pools; pools != 0; pools &= pools - 1) {
    const auto pool = static_cast<std::uint32_t>(std::countr_zero(pools));
    d.queues.push_back(pool * mode_.queues_per_pool + (hashed ? QueueIndex(pool, d.rss_hash) : 0));
  }
  return d;
}

// FastPath: the owner of the tables. Defined here, beside the loops, so that the forwarding
// calls inline into them.
FastPath::FastPath() : decoded_(std::make_unique<DecodedFilters>()) {}
FastPath::FastPath(const RegisterFile& regs) : FastPath() {
  Rebuild(regs);
}
FastPath::FastPath(const FastPath& other)
    : generation_(other.generation_), decoded_(std::make_unique<DecodedFilters>(*other.decoded_)) {}
FastPath& FastPath::operator=(const FastPath& other) {
  if (this != &other) *this = FastPath(other);
  return *this;
}
FastPath::FastPath(FastPath&&) noexcept = default;
FastPath& FastPath::operator=(FastPath&&) noexcept = default;
FastPath::~FastPath() = default;

void FastPath::Rebuild(const RegisterFile& regs) {
  generation_ = regs.filter_generation();
  decoded_->Rebuild(regs);
}

Decision FastPath::Decide(Frame frame) const {
  return decoded_->Decide(frame);
}

void FastPath::Classify(std::span<const Frame> frames, std::span<QueueId> queues) const {
  decoded_->Classify(frames, queues);
}

QueueId FastPath::ClassifyOne(Frame frame) const {
  QueueId queue;
  decoded_->Classify(std::span(&frame, 1), std::span(&queue, 1));
  return queue;
}

FastPath::MemoryUse FastPath::memory() const {
  MemoryUse use = decoded_->memory();
  use.fixed_bytes += sizeof(*this);
  return use;
}

bool FastPath::precomputed() const {
  return decoded_->precomputed();
}

std::vector<FastPath::Lookups> FastPath::SupportedLookups() {
  return DecodedFilters::SupportedLookups();
}

bool FastPath::UseLookups(Lookups lookups) {
  return decoded_->UseLookups(lookups);
}

}  // namespace vmqkit::hwref
