#include "hwref/fast_path/fast_path.h"

#include "hwref/fast_path/decoded_filters.h"

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

void DecodedFilters::Rebuild(const RegisterFile& regs) {
  const Profile& profile = regs.profile();
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
  // About 2.8 of a bucket's four slots in use: the general path probes a second bucket now and
  // then, and the table stays small (the precomputed path holds the other per-filter table).
  std::uint32_t valid = 0;
  for (std::uint32_t i = 0; i < profile.address_entries; ++i) {
    valid += regs.Get(R::kRAH, i, f::kRahAv);
  }
  const std::uint64_t buckets = std::max<std::uint64_t>(1, (std::uint64_t{valid} * 5 + 13) / 14);
  MacBucket empty{};
  empty.keys.fill(kEmptyKey);
  mac_buckets_.assign(buckets, empty);
  mac_overflow_.assign((buckets + 63) / 64, 0);
  for (std::uint32_t i = 0; i < profile.address_entries; ++i) {
    if (regs.Get(R::kRAH, i, f::kRahAv) == 0) continue;
    const std::uint64_t mac =
        regs.Get(R::kRAL, i) | (std::uint64_t{regs.Get(R::kRAH, i, f::kRahAddr)} << 32);
    // Slots fill in probe order and are never freed, so an empty slot before the address means
    // the address is not in the table yet.
    for (std::uint64_t b = HomeBucket(mac);; b = b + 1 == buckets ? 0 : b + 1) {
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
  BuildPrecomputed();
}

// The per-frame helpers are forced inline: the batch loop is the hot path, and a call per stage
// costs as much as the stage itself.
[[gnu::always_inline]] inline std::uint64_t DecodedFilters::HomeBucket(std::uint64_t mac) const {
  return ((MixMac(mac) >> 32) * mac_buckets_.size()) >> 32;
}

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

void DecodedFilters::BuildPrecomputed() {
  // Answer words keep QueueId's tags: every kind of answer comes back as it went in.
  static_assert(RoundTrips(QueueId::Queue(0)) && RoundTrips(QueueId::Queue(0x3FFE)) &&
                RoundTrips(QueueId::Replicated()) &&
                RoundTrips(QueueId::Drop(DropReason::kVlanFilter)) &&
                !AnswerWord(QueueId::Queue(0x3FFF)));
  precomputed_ = rx_enabled_ && mode_.vmdq && !mode_.rss;
  vlan_entries_.clear();
  exact_.Build({});
  if (!precomputed_) return;

  // VLAN classes: VLAN indexes with the same VLAN stage result decide every frame alike.
  std::vector<std::uint16_t> order(vlan_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint16_t>(i);
  auto slot_less = [this](std::uint16_t a, std::uint16_t b) {
    return std::pair(vlan_[a].pools, vlan_[a].pass) < std::pair(vlan_[b].pools, vlan_[b].pass);
  };
  std::sort(order.begin(), order.end(), slot_less);
  std::vector<std::uint16_t> class_of(vlan_.size(), 0);
  std::vector<VlanSlot> classes;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || slot_less(order[i - 1], order[i])) classes.push_back(vlan_[order[i]]);
    class_of[order[i]] = static_cast<std::uint16_t>(classes.size() - 1);
  }

  // A frame not in the exact table: its answer depends on its class alone unless the UTA
  // (unicast) or the MTA (multicast) hash of its address can add pools the class lets through.
  const bool uta_used = std::any_of(uta_.begin(), uta_.end(), [](auto w) { return w != 0; });
  const bool mta_used =
      mfe_ && std::any_of(mta_.begin(), mta_.end(), [](auto w) { return w != 0; });
  const std::uint32_t qpp = mode_.queues_per_pool;
  // The tables hold answers as 16-bit words (AnswerWord), which keeps six exact entries in a
  // cache line; a register state with an answer that has no word is not precomputed.
  bool unencodable = false;
  auto number = [&unencodable](QueueId answer) {
    const std::optional<std::uint16_t> word = AnswerWord(answer);
    unencodable = unencodable || !word;
    return word.value_or(0);
  };
  std::vector<std::array<std::uint16_t, kDestinationKinds>> misses(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const VlanSlot& slot = classes[c];
    const std::span<std::uint16_t> miss = misses[c];
    std::fill(miss.begin(), miss.end(), ExactTable::kAbsent);
    if (!slot.pass) {
      std::fill(miss.begin(), miss.end(), number(QueueId::Drop(DropReason::kVlanFilter)));
      continue;
    }
    if (!uta_used || (rope_pools_ & slot.pools) == 0) {
      miss[kUnicast] = number(WithoutRss(Narrow(0, slot.pools, false), qpp));
    }
    if (!mta_used || (rompe_pools_ & slot.pools) == 0) {
      miss[kMulticast] = number(WithoutRss(Narrow(mpe_pools_, slot.pools, true), qpp));
    }
    miss[kBroadcast] = number(WithoutRss(Narrow(bam_pools_, slot.pools, true), qpp));
  }

  // The exact entries: an address with a class its pools reach. Any other class decides the
  // address as a miss does (its pools are cut to none by the VLAN stage either way), and the
  // broadcast address never reaches the address table (Select): its answer is a miss answer,
  // which keeps the table at one entry per VMQ filter (an entry per class for broadcast would
  // double it when every queue has a VLAN of its own).
  std::vector<std::vector<std::uint16_t>> classes_of_pool(64);
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (!classes[c].pass) continue;
    for (std::uint64_t p = classes[c].pools; p != 0; p &= p - 1) {
      classes_of_pool[static_cast<std::size_t>(std::countr_zero(p))].push_back(
          static_cast<std::uint16_t>(c));
    }
  }
  // A pool with many VLANs and many addresses multiplies the entries; past four per address
  // (VMQ's own shape is one: a filter is one address with one VLAN) the table would outgrow
  // its purpose and every frame takes the general path instead (E-805).
  std::size_t addresses = 0;
  for (const MacBucket& bucket : mac_buckets_) {
    for (std::uint64_t key : bucket.keys) addresses += key != kEmptyKey ? 1 : 0;
  }
  const std::size_t budget = 4 * addresses + 256;
  std::vector<ExactTable::Entry> entries;
  std::vector<std::uint64_t> seen(classes.size(), ~std::uint64_t{0});
  std::uint64_t address_number = 0;
  for (const MacBucket& bucket : mac_buckets_) {
    for (std::size_t j = 0; j < kBucketSlots; ++j) {
      const std::uint64_t mac = bucket.keys[j];
      if (mac == kEmptyKey || mac == kBroadcastMac) continue;
      const bool multicast = IsMulticastMac(mac);
      const std::uint64_t pools = bucket.pools[j] | (multicast ? mpe_pools_ : 0);
      ++address_number;
      for (std::uint64_t p = pools; p != 0; p &= p - 1) {
        for (std::uint16_t c : classes_of_pool[static_cast<std::size_t>(std::countr_zero(p))]) {
          if (seen[c] == address_number) continue;
          seen[c] = address_number;
          entries.push_back({mac | (std::uint64_t{c} << 48),
                             number(WithoutRss(Narrow(pools, classes[c].pools, multicast), qpp))});
          if (entries.size() > budget || unencodable) {
            precomputed_ = false;
            return;
          }
        }
      }
    }
  }
  if (unencodable) {  // only a miss answer can be left to find here
    precomputed_ = false;
    return;
  }
  vlan_entries_.resize(vlan_.size());
  for (std::size_t v = 0; v < vlan_.size(); ++v) {
    const auto& miss = misses[class_of[v]];
    vlan_entries_[v] = VlanEntry(class_of[v], miss[kUnicast], miss[kMulticast], miss[kBroadcast]);
  }
  general_entry_ = VlanEntry(static_cast<std::uint16_t>(classes.size()), ExactTable::kAbsent,
                             ExactTable::kAbsent, ExactTable::kAbsent);
  exact_.Build(entries);
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
