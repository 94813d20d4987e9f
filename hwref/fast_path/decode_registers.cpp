// DecodedFilters::Rebuild: the filter registers decoded into the general path's tables, then
// the precomputed path's (address, VLAN class) table where the register state allows it.
#include <algorithm>
#include <bit>

#include "hwref/fast_path/decoded_filters.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
namespace f = field;

std::uint64_t Pools(const RegisterFile& regs, RegisterId id, std::uint32_t entry) {
  return std::uint64_t{regs.Get(id, 2 * entry)} |
         (std::uint64_t{regs.Get(id, 2 * entry + 1)} << 32);
}

}  // namespace

void DecodedFilters::Rebuild(const RegisterFile& regs) {
  rx_enabled_ = regs.Get(R::kRXCTRL, 0, f::kRxctrlRxen) != 0;
  vet_ = static_cast<std::uint16_t>(regs.Get(R::kVLNCTRL, 0, f::kVlnctrlVet));
  max_untagged_ = regs.Get(R::kMAXFRS, 0, f::kMaxfrsMfs);
  mode_ = ModeOf(regs.Get(R::kMRQC, 0, f::kMrqcMrqe), regs.Get(R::kVT_CTL, 0, f::kVtctlVtEna) != 0,
                 regs.profile());
  const std::uint32_t mrqc = regs.Get(R::kMRQC);
  rss_fields_ = RssFields{f::kMrqcIpv4.Get(mrqc) != 0,    f::kMrqcTcpIpv4.Get(mrqc) != 0,
                          f::kMrqcUdpIpv4.Get(mrqc) != 0, f::kMrqcIpv6.Get(mrqc) != 0,
                          f::kMrqcTcpIpv6.Get(mrqc) != 0, f::kMrqcUdpIpv6.Get(mrqc) != 0};

  DecodeAddresses(regs);
  const std::uint64_t aupe_pools = DecodePoolFilters(regs);
  DecodeVlans(regs, aupe_pools);
  default_pools_ = regs.Get(R::kVT_CTL, 0, f::kVtctlDisDefPl) != 0
                       ? 0
                       : std::uint64_t{1} << regs.Get(R::kVT_CTL, 0, f::kVtctlDefPl);
  enabled_pools_ = Pools(regs, R::kVFRE, 0);
  if (mode_.active_pools < 64) enabled_pools_ &= (std::uint64_t{1} << mode_.active_pools) - 1;
  replicate_ = regs.Get(R::kVT_CTL, 0, f::kVtctlReplEn) != 0;

  DecodeRss(regs);
  BuildPrecomputed();
}

void DecodedFilters::DecodeAddresses(const RegisterFile& regs) {
  const Profile& profile = regs.profile();
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
}

std::uint64_t DecodedFilters::DecodePoolFilters(const RegisterFile& regs) {
  const Profile& profile = regs.profile();
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
  return aupe_pools;
}

void DecodedFilters::DecodeVlans(const RegisterFile& regs, std::uint64_t aupe_pools) {
  const Profile& profile = regs.profile();
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
}

void DecodedFilters::DecodeRss(const RegisterFile& regs) {
  const Profile& profile = regs.profile();
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

// The answer words of one build (AnswerWord), remembering whether an answer had none.
struct DecodedFilters::AnswerWords {
  bool unencodable = false;
  std::uint16_t operator()(QueueId answer) {
    const std::optional<std::uint16_t> word = AnswerWord(answer);
    unencodable = unencodable || !word;
    return word.value_or(0);
  }
};

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

  const VlanClasses vlans = ClassesOfVlans();
  // The tables hold answers as 16-bit words (AnswerWord), which keeps six exact entries in a
  // cache line; a register state with an answer that has no word is not precomputed.
  AnswerWords words;
  const std::vector<std::array<std::uint16_t, kDestinationKinds>> misses =
      MissAnswers(vlans.classes, words);
  const std::optional<std::vector<ExactTable::Entry>> entries = ExactEntries(vlans.classes, words);
  if (!entries || words.unencodable) {
    precomputed_ = false;
    return;
  }
  vlan_entries_.resize(vlan_.size());
  for (std::size_t v = 0; v < vlan_.size(); ++v) {
    const auto& miss = misses[vlans.class_of[v]];
    vlan_entries_[v] =
        VlanEntry(vlans.class_of[v], miss[kUnicast], miss[kMulticast], miss[kBroadcast]);
  }
  general_entry_ = VlanEntry(static_cast<std::uint16_t>(vlans.classes.size()), ExactTable::kAbsent,
                             ExactTable::kAbsent, ExactTable::kAbsent);
  exact_.Build(*entries);
}

// VLAN classes: VLAN indexes with the same VLAN stage result decide every frame alike.
DecodedFilters::VlanClasses DecodedFilters::ClassesOfVlans() const {
  std::vector<std::uint16_t> order(vlan_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint16_t>(i);
  auto slot_less = [this](std::uint16_t a, std::uint16_t b) {
    return std::pair(vlan_[a].pools, vlan_[a].pass) < std::pair(vlan_[b].pools, vlan_[b].pass);
  };
  std::sort(order.begin(), order.end(), slot_less);
  VlanClasses out;
  out.class_of.assign(vlan_.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i == 0 || slot_less(order[i - 1], order[i])) out.classes.push_back(vlan_[order[i]]);
    out.class_of[order[i]] = static_cast<std::uint16_t>(out.classes.size() - 1);
  }
  return out;
}

// A frame not in the exact table: its answer depends on its class alone unless the UTA
// (unicast) or the MTA (multicast) hash of its address can add pools the class lets through.
std::vector<std::array<std::uint16_t, DecodedFilters::kDestinationKinds>>
DecodedFilters::MissAnswers(const std::vector<VlanSlot>& classes, AnswerWords& number) const {
  const bool uta_used = std::any_of(uta_.begin(), uta_.end(), [](auto w) { return w != 0; });
  const bool mta_used =
      mfe_ && std::any_of(mta_.begin(), mta_.end(), [](auto w) { return w != 0; });
  const std::uint32_t qpp = mode_.queues_per_pool;
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
  return misses;
}

// The exact entries: an address with a class its pools reach. Any other class decides the
// address as a miss does (its pools are cut to none by the VLAN stage either way), and the
// broadcast address never reaches the address table (Select): its answer is a miss answer,
// which keeps the table at one entry per VMQ filter (an entry per class for broadcast would
// double it when every queue has a VLAN of its own). nullopt past the budget or on an answer
// without a word.
std::optional<std::vector<ExactTable::Entry>> DecodedFilters::ExactEntries(
    const std::vector<VlanSlot>& classes, AnswerWords& number) const {
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
  const std::uint32_t qpp = mode_.queues_per_pool;
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
          if (entries.size() > budget || number.unencodable) return std::nullopt;
        }
      }
    }
  }
  return entries;
}

}  // namespace vmqkit::hwref
