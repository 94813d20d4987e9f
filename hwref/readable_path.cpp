#include "hwref/readable_path.h"

#include <algorithm>
#include <array>
#include <bit>

#include "hwref/pipeline_mode.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;
namespace f = field;

Decision Dropped(DropReason reason) {
  Decision d;
  d.drop = reason;
  return d;
}

bool BitOf(const RegisterFile& regs, RegisterId table, std::uint32_t bit) {
  return ((regs.Get(table, bit / 32) >> (bit % 32)) & 1) != 0;
}

std::uint64_t PoolWords(const RegisterFile& regs, RegisterId id, std::uint32_t entry) {
  return std::uint64_t{regs.Get(id, 2 * entry)} |
         (std::uint64_t{regs.Get(id, 2 * entry + 1)} << 32);
}

std::uint64_t PoolsWith(const RegisterFile& regs, const FieldSpec& vmolr_bit) {
  std::uint64_t pools = 0;
  for (std::uint32_t p = 0; p < regs.profile().pools; ++p) {
    if (regs.Get(R::kVMOLR, p, vmolr_bit) != 0) pools |= std::uint64_t{1} << p;
  }
  return pools;
}

std::uint8_t RetaEntry(const RegisterFile& regs, std::uint32_t index) {
  return static_cast<std::uint8_t>(regs.Get(R::kRETA, index / 4) >> (8 * (index % 4)));
}

// MRQC's hash-type enables and the key, then Toeplitz over the selected input.
RssInput RssOf(const RegisterFile& regs, Frame frame, const L2Header& l2, std::uint32_t& hash) {
  const std::uint32_t mrqc = regs.Get(R::kMRQC);
  RssFields fields;
  fields.ipv4 = f::kMrqcIpv4.Get(mrqc) != 0;
  fields.tcp_ipv4 = f::kMrqcTcpIpv4.Get(mrqc) != 0;
  fields.udp_ipv4 = f::kMrqcUdpIpv4.Get(mrqc) != 0;
  fields.ipv6 = f::kMrqcIpv6.Get(mrqc) != 0;
  fields.tcp_ipv6 = f::kMrqcTcpIpv6.Get(mrqc) != 0;
  fields.udp_ipv6 = f::kMrqcUdpIpv6.Get(mrqc) != 0;
  RssInput input = SelectRssInput(frame, l2, fields);
  hash = 0;
  if (input.type != RssType::kNone) {
    std::array<std::uint8_t, 40> key{};
    for (std::uint32_t i = 0; i < 40; ++i) {
      key[i] = static_cast<std::uint8_t>(regs.Get(R::kRSSRK, i / 4) >> (8 * (i % 4)));
    }
    hash = ToeplitzHash(key, std::span(input.bytes).first(input.length));
  }
  return input;
}

// Non-VMDq receive filter (FCTRL, RAR, MTA): accept, then RSS or queue 0.
Decision DecideSingleQueue(const RegisterFile& regs, Frame frame, const L2Header& l2,
                           const PipelineMode& mode) {
  const std::uint64_t da = l2.destination;
  bool accept = false;
  if (da == kBroadcastMac) {
    accept = regs.Get(R::kFCTRL, 0, f::kFctrlBam) != 0;
  } else {
    for (std::uint32_t i = 0; i < regs.profile().address_entries && !accept; ++i) {
      const std::uint64_t mac =
          regs.Get(R::kRAL, i) | (std::uint64_t{regs.Get(R::kRAH, i, f::kRahAddr)} << 32);
      accept = regs.Get(R::kRAH, i, f::kRahAv) != 0 && mac == da;
    }
    if (IsMulticastMac(da)) {
      accept =
          accept || regs.Get(R::kFCTRL, 0, f::kFctrlMpe) != 0 ||
          (regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMfe) != 0 &&
           BitOf(regs, R::kMTA, HashTableIndex(da, regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMo))));
    } else {
      accept = accept || regs.Get(R::kFCTRL, 0, f::kFctrlUpe) != 0;
    }
  }
  if (!accept) return Dropped(DropReason::kMacFilter);
  Decision d;
  std::uint32_t queue = 0;
  if (mode.rss) {
    const RssInput input = RssOf(regs, frame, l2, d.rss_hash);
    d.rss_type = input.type;
    if (input.type != RssType::kNone)
      queue = RetaEntry(regs, d.rss_hash & 0x7F) & kRssOnlyQueueMask;
  }
  d.queues.push_back(queue);
  return d;
}

// 3. MAC stage: broadcast to BAM pools; else every valid exact entry ORs its MPSAR bitmap in;
//    with no exact hit, the MTA (ROMPE pools) or UTA (ROPE pools) hash decides (E-406).
std::uint64_t MacStagePools(const RegisterFile& regs, std::uint64_t da) {
  if (da == kBroadcastMac) return PoolsWith(regs, f::kVmolrBam);
  std::uint64_t pools = 0;
  bool exact = false;
  for (std::uint32_t i = 0; i < regs.profile().address_entries; ++i) {
    if (regs.Get(R::kRAH, i, f::kRahAv) == 0) continue;
    const std::uint64_t mac =
        regs.Get(R::kRAL, i) | (std::uint64_t{regs.Get(R::kRAH, i, f::kRahAddr)} << 32);
    if (mac != da) continue;
    exact = true;
    pools |= PoolWords(regs, R::kMPSAR, i);
  }
  const std::uint32_t hash_index = HashTableIndex(da, regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMo));
  if (IsMulticastMac(da)) {
    if (!exact && regs.Get(R::kMCSTCTRL, 0, f::kMcstctrlMfe) != 0 &&
        BitOf(regs, R::kMTA, hash_index)) {
      pools |= PoolsWith(regs, f::kVmolrRompe);
    }
    pools |= PoolsWith(regs, f::kVmolrMpe);
  } else if (!exact && BitOf(regs, R::kUTA, hash_index)) {
    pools |= PoolsWith(regs, f::kVmolrRope);
  }
  return pools;
}

// 4. VLAN pool stage, only with VLNCTRL.VFE (E-400): tagged frames keep the pools of every
//    enabled VLVF entry for their VID; untagged frames keep the AUPE pools.
std::uint64_t VlanStagePools(const RegisterFile& regs, const L2Header& l2, bool vlan_tagged) {
  if (!vlan_tagged) return PoolsWith(regs, f::kVmolrAupe);
  std::uint64_t vlan_pools = 0;
  for (std::uint32_t i = 0; i < regs.profile().vlan_filters; ++i) {
    if (regs.Get(R::kVLVF, i, f::kVlvfViEn) != 0 &&
        regs.Get(R::kVLVF, i, f::kVlvfVlanId) == l2.vid) {
      vlan_pools |= PoolWords(regs, R::kVLVFB, i);
    }
  }
  return vlan_pools;
}

// 8. Queue inside each pool: the first, or RSS over 2^RQPL queues of the pool (E-405).
Decision QueuesOfPools(const RegisterFile& regs, Frame frame, const L2Header& l2,
                       const PipelineMode& mode, std::uint64_t pools) {
  Decision d;
  const RssInput input = mode.rss ? RssOf(regs, frame, l2, d.rss_hash) : RssInput{};
  d.rss_type = input.type;
  for (std::uint32_t p = 0; p < regs.profile().pools; ++p) {
    if (((pools >> p) & 1) == 0) continue;
    std::uint32_t index = 0;
    if (input.type != RssType::kNone) {
      const std::uint32_t per_pool =
          std::min(1u << regs.Get(R::kPSRTYPE, p, f::kPsrtypeRqpl), mode.queues_per_pool);
      index = RetaEntry(regs, d.rss_hash & 0x7F) & (per_pool - 1);
    }
    d.queues.push_back(p * mode.queues_per_pool + index);
  }
  return d;
}

}  // namespace

Decision DecideReadable(const RegisterFile& regs, Frame frame) {
  const Profile& profile = regs.profile();
  // 1. Receive enable and size checks (E-407): sizes count the FCS the wire frame carried.
  if (regs.Get(R::kRXCTRL, 0, f::kRxctrlRxen) == 0) return Dropped(DropReason::kReceiveDisabled);
  const std::size_t size_with_fcs = frame.size() + kFcsBytes;
  if (size_with_fcs < kMinFrameWithFcs) return Dropped(DropReason::kUndersize);
  const auto l2 =
      ParseL2(frame, static_cast<std::uint16_t>(regs.Get(R::kVLNCTRL, 0, f::kVlnctrlVet)));
  if (!l2) return Dropped(DropReason::kUndersize);  // unreachable at >= 60 bytes; no UB either way
  const std::size_t limit =
      regs.Get(R::kMAXFRS, 0, f::kMaxfrsMfs) + (l2->tagged ? kVlanTagBytes : 0);
  if (size_with_fcs > limit) return Dropped(DropReason::kOversize);

  // 2. Global VLAN filter: a tagged frame whose VID is not in VFTA is dropped before any pool
  //    logic. Priority-tagged frames (VID 0) count as untagged (E-403).
  const bool vfe = regs.Get(R::kVLNCTRL, 0, f::kVlnctrlVfe) != 0;
  const bool vlan_tagged = l2->tagged && l2->vid != 0;
  if (vfe && vlan_tagged && !BitOf(regs, R::kVFTA, l2->vid))
    return Dropped(DropReason::kVlanFilter);

  const PipelineMode mode = ModeOf(regs.Get(R::kMRQC, 0, f::kMrqcMrqe),
                                   regs.Get(R::kVT_CTL, 0, f::kVtctlVtEna) != 0, profile);
  if (!mode.vmdq) return DecideSingleQueue(regs, frame, *l2, mode);

  // 3. MAC stage.
  const std::uint64_t da = l2->destination;
  std::uint64_t pools = MacStagePools(regs, da);

  // 4. VLAN pool stage.
  if (vfe) pools &= VlanStagePools(regs, *l2, vlan_tagged);

  // 5. Default pool: a unicast frame left without a pool goes to DEF_PL unless DIS_DEFPL.
  if (pools == 0 && !IsMulticastMac(da) && regs.Get(R::kVT_CTL, 0, f::kVtctlDisDefPl) == 0) {
    pools = std::uint64_t{1} << regs.Get(R::kVT_CTL, 0, f::kVtctlDefPl);
  }
  if (pools == 0) return Dropped(DropReason::kNoPool);

  // 6. Pool receive enable (VFRE), limited to the pools the MRQC mode has (E-412).
  std::uint64_t enabled = PoolWords(regs, R::kVFRE, 0);
  if (mode.active_pools < 64) enabled &= (std::uint64_t{1} << mode.active_pools) - 1;
  pools &= enabled;
  if (pools == 0) return Dropped(DropReason::kPoolDisabled);

  // 7. Replication: without REPLEN only the lowest pool receives (E-404).
  if (regs.Get(R::kVT_CTL, 0, f::kVtctlReplEn) == 0) pools &= ~pools + 1;

  // 8. Queue inside each pool.
  return QueuesOfPools(regs, frame, *l2, mode, pools);
}

}  // namespace vmqkit::hwref
