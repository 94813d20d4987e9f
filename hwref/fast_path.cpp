#include "hwref/fast_path.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
namespace f = field;

std::uint64_t Pools(const RegisterFile& regs, RegisterId id, std::uint32_t entry) {
  return std::uint64_t{regs.Get(id, 2 * entry)} |
         (std::uint64_t{regs.Get(id, 2 * entry + 1)} << 32);
}

// Two multiply-xorshift rounds: addresses that differ only in their last bytes (the usual case
// for one vendor's NICs) still spread over the table; one multiply alone clusters them.
std::uint64_t MixMac(std::uint64_t mac) {
  std::uint64_t x = mac * 0x9E37'79B9'7F4A'7C15ull;
  x ^= x >> 29;
  return x * 0xBF58'476D'1CE4'E5B9ull;
}

std::uint64_t Load48(const std::uint8_t* p) {
  return std::uint64_t{p[0]} | (std::uint64_t{p[1]} << 8) | (std::uint64_t{p[2]} << 16) |
         (std::uint64_t{p[3]} << 24) | (std::uint64_t{p[4]} << 32) | (std::uint64_t{p[5]} << 40);
}

bool TestBit(const std::array<std::uint64_t, 64>& bits, std::uint32_t i) {
  return ((bits[i >> 6] >> (i & 63)) & 1) != 0;
}

}  // namespace

void FastPath::Rebuild(const RegisterFile& regs) {
  const Profile& profile = regs.profile();
  generation_ = regs.filter_generation();
  rx_enabled_ = regs.Get(R::kRXCTRL, 0, f::kRxctrlRxen) != 0;
  vet_ = static_cast<std::uint16_t>(regs.Get(R::kVLNCTRL, 0, f::kVlnctrlVet));
  max_untagged_ = regs.Get(R::kMAXFRS, 0, f::kMaxfrsMfs);
  mode_ = ModeOf(regs.Get(R::kMRQC, 0, f::kMrqcMrqe), regs.Get(R::kVT_CTL, 0, f::kVtctlVtEna) != 0,
                 profile);
  const std::uint32_t mrqc = regs.Get(R::kMRQC);
  rss_fields_ = RssFields{f::kMrqcIpv4.Get(mrqc) != 0,    f::kMrqcTcpIpv4.Get(mrqc) != 0,
                          f::kMrqcUdpIpv4.Get(mrqc) != 0, f::kMrqcIpv6.Get(mrqc) != 0,
                          f::kMrqcTcpIpv6.Get(mrqc) != 0, f::kMrqcUdpIpv6.Get(mrqc) != 0};

  // Exact addresses: one slot per distinct valid address, its pools the OR over duplicates.
  std::uint32_t valid = 0;
  for (std::uint32_t i = 0; i < profile.address_entries; ++i) {
    valid += regs.Get(R::kRAH, i, f::kRahAv);
  }
  const std::uint64_t capacity =
      std::max<std::uint64_t>(16, std::bit_ceil(std::uint64_t{valid} * 2));
  const std::uint64_t buckets = capacity / kBucketSlots;
  MacBucket empty{};
  empty.keys.fill(kEmptyKey);
  mac_buckets_.assign(buckets, empty);
  mac_overflow_.assign((buckets + 63) / 64, 0);
  bucket_mask_ = buckets - 1;
  mac_shift_ = 64 - static_cast<unsigned>(std::countr_zero(buckets));
  for (std::uint32_t i = 0; i < profile.address_entries; ++i) {
    if (regs.Get(R::kRAH, i, f::kRahAv) == 0) continue;
    const std::uint64_t mac =
        regs.Get(R::kRAL, i) | (std::uint64_t{regs.Get(R::kRAH, i, f::kRahAddr)} << 32);
    // Slots fill in probe order and are never freed, so an empty slot before the address means
    // the address is not in the table yet.
    for (std::uint64_t b = HomeBucket(mac);; b = (b + 1) & bucket_mask_) {
      MacBucket& bucket = mac_buckets_[b];
      std::size_t j = 0;
      while (j < kBucketSlots && bucket.keys[j] != mac && bucket.keys[j] != kEmptyKey) ++j;
      if (j < kBucketSlots) {
        bucket.keys[j] = mac;
        bucket.pools[j] |= Pools(regs, R::kMPSAR, i);
        break;
      }
      mac_overflow_[b / 64] |= std::uint64_t{1} << (b % 64);
    }
  }

  bam_pools_ = rompe_pools_ = mpe_pools_ = rope_pools_ = 0;
  std::uint64_t aupe_pools = 0;
  for (std::uint32_t p = 0; p < profile.pools; ++p) {
    const std::uint32_t vmolr = regs.Get(R::kVMOLR, p);
    const std::uint64_t bit = std::uint64_t{1} << p;
    if (f::kVmolrBam.Get(vmolr)) bam_pools_ |= bit;
    if (f::kVmolrRompe.Get(vmolr)) rompe_pools_ |= bit;
    if (f::kVmolrMpe.Get(vmolr)) mpe_pools_ |= bit;
    if (f::kVmolrRope.Get(vmolr)) rope_pools_ |= bit;
    if (f::kVmolrAupe.Get(vmolr)) aupe_pools |= bit;
  }
  for (std::uint32_t w = 0; w < 64; ++w) {
    mta_[w] = regs.Get(R::kMTA, 2 * w) | (std::uint64_t{regs.Get(R::kMTA, 2 * w + 1)} << 32);
    uta_[w] = regs.Get(R::kUTA, 2 * w) | (std::uint64_t{regs.Get(R::kUTA, 2 * w + 1)} << 32);
  }
  mfe_ = regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMfe) != 0;
  mo_ = regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMo);
  fctrl_bam_ = regs.Get(R::kFCTRL, 0, f::kFctrlBam) != 0;
  fctrl_mpe_ = regs.Get(R::kFCTRL, 0, f::kFctrlMpe) != 0;
  fctrl_upe_ = regs.Get(R::kFCTRL, 0, f::kFctrlUpe) != 0;

  // VLAN: with VFE clear neither the global filter nor the pool stage applies.
  const bool vfe = regs.Get(R::kVLNCTRL, 0, f::kVlnctrlVfe) != 0;
  vlan_.assign(4097, VlanSlot{~std::uint64_t{0}, true});
  if (vfe) {
    for (std::uint32_t vid = 0; vid < 4096; ++vid) {
      vlan_[vid] = VlanSlot{0, ((regs.Get(R::kVFTA, vid / 32) >> (vid % 32)) & 1) != 0};
    }
    for (std::uint32_t i = 0; i < profile.vlan_filters; ++i) {
      if (regs.Get(R::kVLVF, i, f::kVlvfViEn) == 0) continue;
      vlan_[regs.Get(R::kVLVF, i, f::kVlvfVlanId)].pools |= Pools(regs, R::kVLVFB, i);
    }
    vlan_[4096] = VlanSlot{aupe_pools, true};
  }
  vlan_[0] = vlan_[4096];  // priority tag: untagged for both VLAN stages (E-403)

  default_pools_ = regs.Get(R::kVT_CTL, 0, f::kVtctlDisDefPl) != 0
                       ? 0
                       : std::uint64_t{1} << regs.Get(R::kVT_CTL, 0, f::kVtctlDefPl);
  enabled_pools_ = Pools(regs, R::kVFRE, 0);
  if (mode_.active_pools < 64) enabled_pools_ &= (std::uint64_t{1} << mode_.active_pools) - 1;
  replicate_ = regs.Get(R::kVT_CTL, 0, f::kVtctlReplEn) != 0;

  for (std::uint32_t i = 0; i < 128; ++i) {
    reta_[i] = static_cast<std::uint8_t>(regs.Get(R::kRETA, i / 4) >> (8 * (i % 4)));
  }
  for (std::uint32_t p = 0; p < profile.pools && p < 64; ++p) {
    rss_mask_[p] =
        std::min(1u << regs.Get(R::kPSRTYPE, p, f::kPsrtypeRqpl), mode_.queues_per_pool) - 1;
  }
  // Toeplitz tables: the window for input bit b is key bits [b, b+32).
  std::array<std::uint8_t, 44> key{};  // 40 key bytes and zero padding for the last windows
  for (std::uint32_t i = 0; i < 40; ++i) {
    key[i] = static_cast<std::uint8_t>(regs.Get(R::kRSSRK, i / 4) >> (8 * (i % 4)));
  }
  auto window = [&key](std::uint32_t bit) {
    const std::uint32_t byte = bit / 8, shift = bit % 8;
    const std::uint64_t v =
        (std::uint64_t{key[byte]} << 32) | (std::uint64_t{key[byte + 1]} << 24) |
        (std::uint64_t{key[byte + 2]} << 16) | (std::uint64_t{key[byte + 3]} << 8) | key[byte + 4];
    return static_cast<std::uint32_t>(v >> (8 - shift));
  };
  toeplitz_.assign(36, {});
  for (std::uint32_t pos = 0; pos < 36; ++pos) {
    for (std::uint32_t b = 0; b < 256; ++b) {
      std::uint32_t h = 0;
      for (std::uint32_t k = 0; k < 8; ++k) {
        if ((b >> (7 - k)) & 1) h ^= window(pos * 8 + k);
      }
      toeplitz_[pos][b] = h;
    }
  }
}

// The per-frame helpers are forced inline: the batch loop is the hot path, and a call per stage
// costs as much as the stage itself.
[[gnu::always_inline]] inline std::uint64_t FastPath::HomeBucket(std::uint64_t mac) const {
  return MixMac(mac) >> mac_shift_;
}

[[gnu::always_inline]] inline const std::uint64_t* FastPath::FindMac(std::uint64_t mac) const {
  for (std::uint64_t b = HomeBucket(mac);; b = (b + 1) & bucket_mask_) {
    const MacBucket& bucket = mac_buckets_[b];
    for (std::size_t j = 0; j < kBucketSlots; ++j) {
      if (bucket.keys[j] == mac) return &bucket.pools[j];
    }
    if (((mac_overflow_[b / 64] >> (b % 64)) & 1) == 0) return nullptr;
  }
}

[[gnu::always_inline]] inline FastPath::Selection FastPath::Select(Frame frame,
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
  pools &= vlan.pools;
  if (pools == 0 && !multicast) pools = default_pools_;
  if (pools == 0) return {0, Index(DropReason::kNoPool)};
  pools &= enabled_pools_;
  if (pools == 0) return {0, Index(DropReason::kPoolDisabled)};
  if (!replicate_) pools &= ~pools + 1;
  return {pools, kNoDrop};
}

std::uint32_t FastPath::Hash(const RssInput& input) const {
  std::uint32_t h = 0;
  for (std::uint32_t i = 0; i < input.length; ++i) h ^= toeplitz_[i][input.bytes[i]];
  return h;
}

[[gnu::always_inline]] inline std::uint32_t FastPath::QueueIndex(std::uint32_t pool,
                                                                 std::uint32_t hash) const {
  return reta_[hash & 0x7F] & rss_mask_[pool];
}

[[gnu::always_inline]] inline QueueId FastPath::Classify1(Frame frame) const {
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

QueueId FastPath::ClassifyOne(Frame frame) const {
  return Classify1(frame);
}

[[gnu::always_inline]] inline bool FastPath::QuickClassify(Frame frame, std::uint64_t bucket,
                                                           QueueId& out) const {
  const std::size_t size_with_fcs = frame.size() + kFcsBytes;
  if (size_with_fcs < kMinFrameWithFcs) return false;
  const std::uint8_t* p = frame.data();
  std::uint64_t da;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&da, p, sizeof da);  // the frame has at least 60 bytes
    da &= kBroadcastMac;
  } else {
    da = Load48(p);
  }
  const bool tagged = ((p[12] << 8) | p[13]) == vet_;
  const std::uint32_t vid = ((p[14] << 8) | p[15]) & 0x0FFFu;
  const VlanSlot& vlan = vlan_[tagged ? vid : 4096u];
  const bool broadcast = da == kBroadcastMac;
  const bool multicast = IsMulticastMac(da);
  const MacBucket& home = mac_buckets_[bucket];
  std::uint64_t pools;
  bool found = false;
  if (broadcast) {
    pools = bam_pools_;
    found = true;
  } else {
    pools = 0;
    for (std::size_t j = 0; j < kBucketSlots; ++j) {
      if (home.keys[j] == da) {
        pools = home.pools[j];
        found = true;
        break;
      }
    }
    if (!found) pools = TestBit(uta_, HashTableIndex(da, mo_)) ? rope_pools_ : 0;
  }
  const bool overflowed = ((mac_overflow_[bucket / 64] >> (bucket % 64)) & 1) != 0;
  pools &= vlan.pools;
  pools = (pools == 0 && !multicast) ? default_pools_ : pools;
  const std::uint64_t enabled = pools & enabled_pools_;
  const std::uint64_t chosen = replicate_ ? enabled : (enabled & (~enabled + 1));
  // Everything the branch-free answer does not cover goes to the general path: oversize, VLAN
  // filter drops, multicast, a probe past the home bucket, no pool, replication.
  const bool general = (size_with_fcs > max_untagged_ + (tagged ? kVlanTagBytes : 0)) | !vlan.pass |
                       (multicast & !broadcast) | (!found & overflowed) | (chosen == 0) |
                       ((chosen & (chosen - 1)) != 0);
  if (general) return false;
  out =
      QueueId::Queue(static_cast<std::uint32_t>(std::countr_zero(chosen)) * mode_.queues_per_pool);
  return true;
}

void FastPath::Classify(std::span<const Frame> frames, std::span<QueueId> queues) const {
  const std::size_t n = std::min(frames.size(), queues.size());
  // Two passes over each group of frames: the first hashes the addresses and touches their home
  // buckets, so the cache misses of a group overlap instead of stalling one after another.
  constexpr std::size_t kGroup = 32;
  std::array<std::uint64_t, kGroup> home{};
  const bool quick = mode_.vmdq && !mode_.rss && rx_enabled_;
  for (std::size_t start = 0; start < n; start += kGroup) {
    const std::size_t end = std::min(n, start + kGroup);
    for (std::size_t i = start; i < end; ++i) {
      if (frames[i].size() >= 6) {
        home[i - start] = HomeBucket(Load48(frames[i].data()));
        __builtin_prefetch(&mac_buckets_[home[i - start]]);
      }
    }
    if (quick) {
      for (std::size_t i = start; i < end; ++i) {
        if (!QuickClassify(frames[i], home[i - start], queues[i])) queues[i] = Classify1(frames[i]);
      }
    } else {
      for (std::size_t i = start; i < end; ++i) queues[i] = Classify1(frames[i]);
    }
  }
}

FastPath::MemoryUse FastPath::memory() const {
  return MemoryUse{mac_buckets_.capacity() * sizeof(MacBucket) +
                       mac_overflow_.capacity() * sizeof(std::uint64_t),
                   sizeof(*this) + vlan_.capacity() * sizeof(VlanSlot) +
                       toeplitz_.capacity() * sizeof(toeplitz_[0])};
}

Decision FastPath::Decide(Frame frame) const {
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

}  // namespace vmqkit::hwref
