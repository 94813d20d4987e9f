#include "reference/miniport.h"

#include <algorithm>
#include <bit>

#include "hwref/register_map.h"
#include "ndis/status.h"

namespace vmqkit::reference {
namespace {

using R = hwref::RegisterId;
namespace f = hwref::field;

constexpr std::uint32_t Status(ndis::NdisStatus status) {
  return static_cast<std::uint32_t>(status);
}

// MRQC.MRQE = VMDq with 64 pools and no RSS (ixgbe_type.h IXGBE_MRQC_VMDQEN).
constexpr std::uint32_t kMrqeVmdq64 = 0x8;
// x86 MSI address: 0xFEE in bits 31:20, destination APIC id in bits 19:12.
constexpr std::uint32_t kMsiAddressBase = 0xFEE0'0000u;
constexpr std::uint32_t kMsiDataBase = 0x40;
constexpr std::uint16_t kVlanEtherType = 0x8100;
constexpr std::uint32_t kMaxVlanId = 4095;

}  // namespace

Miniport::Miniport(const vmqkit_platform& platform, const vmqkit_host_callbacks& callbacks,
                   void* host, AdapterOptions options)
    : platform_(platform),
      processor_masks_(platform.processor_group_masks,
                       platform.processor_group_masks + platform.processor_group_count),
      callbacks_(callbacks),
      host_(host),
      nic_(options.profile,
           hwref::HostMemory(kDmaBase,
                             static_cast<std::size_t>(options.profile.pools) * kSlabBytes)),
      queues_per_pool_(options.profile.queues / options.profile.pools),
      pool_owner_(options.profile.pools),
      addresses_(options.profile.address_entries),
      vlans_(options.profile.vlan_filters),
      rings_(options.profile.pools) {
  platform_.processor_group_masks = nullptr;  // the caller's array is only valid during create
  for (std::uint32_t queue = 0; queue < options.profile.queues; ++queue) {
    pool_of_queue_.push_back(queue / queues_per_pool_);
  }
  ndis_630_ = platform.ndis_major > 6 || (platform.ndis_major == 6 && platform.ndis_minor >= 30);
  const bool ndis_620 =
      platform.ndis_major > 6 || (platform.ndis_major == 6 && platform.ndis_minor >= 20);
  hardware_.rss = (platform.hardware_features & VMQKIT_HW_RSS) != 0;
  // The receive filter OIDs exist from NDIS 6.20: an older NDIS gets no VMQ interface.
  hardware_.vmq = ndis_620 && (platform.hardware_features & VMQKIT_HW_VMQ) != 0;
  // SR-IOV and its keywords are NDIS 6.30 ones ([WDD] standardized-inf-keywords-for-sr-iov):
  // an older NDIS gets no SR-IOV interface (docs/errata.md E-010).
  hardware_.sriov = ndis_630_ && (platform.hardware_features & VMQKIT_HW_SRIOV) != 0;
}

const VmQueue* Miniport::FindQueue(std::uint32_t queue_id) const {
  auto it = queues_.find(queue_id);
  return it == queues_.end() ? nullptr : &it->second;
}

std::uint32_t Miniport::Initialize(std::span<std::uint8_t> hardware,
                                   std::uint32_t& hardware_written, std::span<std::uint8_t> current,
                                   std::uint32_t& current_written) {
  hardware_written = 0;
  current_written = 0;
  if (initialized_ || halted_) return Status(ndis::NdisStatus::kFailure);
  const std::uint8_t revision = CapabilitiesRevision(ndis_630_);
  const std::uint16_t size = ndis::SizeOf(ndis::Structure::kReceiveFilterCapabilities, revision);
  if (hardware.size() < size || current.size() < size) {
    return Status(ndis::NdisStatus::kBufferTooShort);
  }

  auto read = [this](std::string_view keyword, std::uint32_t& value) {
    const std::string name(keyword);  // NUL-terminated for the C callback
    std::uint32_t result = 0;
    if (callbacks_.read_config == nullptr) return false;
    const std::uint32_t status = callbacks_.read_config(host_, name.c_str(), &result);
    if (status != Status(ndis::NdisStatus::kSuccess)) return false;
    value = result;
    return true;
  };
  config_ = ReadConfiguration(hardware_, ndis_630_, read);
  hardware_caps_ = HardwareCapabilities(hardware_, BudgetOf(nic_.profile()), ndis_630_);
  current_caps_ = CurrentCapabilities(hardware_caps_, config_);

  ResetAndConfigureDevice();
  initialized_ = true;

  const ndis::Bytes hw = ndis::Encode(hardware_caps_);
  const ndis::Bytes cur = ndis::Encode(current_caps_);
  std::copy(hw.begin(), hw.end(), hardware.begin());
  std::copy(cur.begin(), cur.end(), current.begin());
  hardware_written = static_cast<std::uint32_t>(hw.size());
  current_written = static_cast<std::uint32_t>(cur.size());
  return Status(ndis::NdisStatus::kSuccess);
}

// --- Device bring-up ------------------------------------------------------------------------

void Miniport::ResetAndConfigureDevice() {
  hwref::RegisterFile& regs = nic_.registers();
  regs.Write(R::kCTRL, 0, f::kCtrlRst.Mask());
  // Global VLAN filter: every VID passes VFTA, so a tagged frame for a MAC without a VMQ filter
  // still reaches the default pool; VFE stays on because it also enables the VLAN pool stage.
  for (std::uint32_t i = 0; i < hwref::InstanceCount(hwref::Dim::kVlanWords, nic_.profile()); ++i) {
    regs.Write(R::kVFTA, i, 0xFFFF'FFFFu);
  }
  regs.Write(R::kVLNCTRL, 0, f::kVlnctrlVet.Put(0, kVlanEtherType) | f::kVlnctrlVfe.Mask());
  regs.Write(R::kMRQC, 0, f::kMrqcMrqe.Put(0, kMrqeVmdq64));
  // Default pool = the last pool, no replication: a frame matching a VM queue's pool and the
  // default pool (multicast, broadcast) goes to the lower pool, the VM queue (E-502).
  regs.Write(R::kVT_CTL, 0, f::kVtctlVtEna.Mask() | f::kVtctlDefPl.Put(0, default_pool()));
  ProgramPoolOptions(default_pool());
  // Large VLAN tables: one pinned entry per VID carrying the default pool, so tagged broadcast and
  // multicast frames of any VLAN reach the default queue (E-503).
  if (vlans_.size() >= kMaxVlanId) {
    const std::uint64_t default_bit = std::uint64_t{1} << default_pool();
    for (std::uint32_t vid = 1; vid <= kMaxVlanId; ++vid) {
      vlans_.Pin(vid - 1, vid);
      regs.Write(R::kVLVF, vid - 1, f::kVlvfVlanId.Put(0, vid) | f::kVlvfViEn.Mask());
      regs.Write(R::kVLVFB, 2 * (vid - 1), static_cast<std::uint32_t>(default_bit));
      regs.Write(R::kVLVFB, 2 * (vid - 1) + 1, static_cast<std::uint32_t>(default_bit >> 32));
    }
  }
  ProgramMsixTable();
  StartRing(default_pool(), false);
  RouteRingInterrupt(RingOfPool(default_pool()), 0);
  SetPoolEnabled(default_pool(), true);
  regs.Write(R::kRXCTRL, 0, f::kRxctrlRxen.Mask());
}

// Vector 0 serves the default queue on the first platform processor; vector 1 + k serves the k-th
// platform processor (queues with one affinity share a vector: interrupt vector coalescing).
void Miniport::ProgramMsixTable() {
  hwref::RegisterFile& regs = nic_.registers();
  const std::uint32_t vectors = nic_.profile().msix_vectors;
  std::vector<std::uint32_t> processors;
  for (std::uint32_t g = 0; g < processor_masks_.size(); ++g) {
    for (std::uint32_t n = 0; n < 64; ++n) {
      if ((processor_masks_[g] >> n) & 1) processors.push_back(g * 64 + n);
    }
  }
  if (processors.empty()) processors.push_back(0);
  auto program = [&](std::uint32_t vector, std::uint32_t processor) {
    regs.Write(R::kMSIXTADD, vector, kMsiAddressBase | ((processor & 0xFF) << 12));
    regs.Write(R::kMSIXTUADD, vector, 0);
    regs.Write(R::kMSIXTMSG, vector, kMsiDataBase + vector);
    regs.Write(R::kMSIXTVCTRL, vector, 0);  // unmask
  };
  program(0, processors.front());
  for (std::uint32_t k = 0; k < processors.size() && 1 + k < vectors; ++k) {
    program(1 + k, processors[k]);
  }
  for (std::uint32_t w = 0; w < hwref::InstanceCount(hwref::Dim::kVectorWords, nic_.profile());
       ++w) {
    regs.Write(R::kEIMS, w, 0xFFFF'FFFFu);
  }
}

std::uint32_t Miniport::VectorOfProcessor(std::uint32_t processor) const {
  const std::uint32_t data_vectors = nic_.profile().msix_vectors - 1;
  std::uint32_t k = 0;
  for (std::uint32_t g = 0; g < processor_masks_.size(); ++g) {
    for (std::uint32_t n = 0; n < 64; ++n) {
      if (((processor_masks_[g] >> n) & 1) == 0) continue;
      if (g * 64 + n == processor) return 1 + k % data_vectors;
      ++k;
    }
  }
  return 0;
}

void Miniport::RouteRingInterrupt(std::uint32_t ring, std::uint32_t vector) {
  hwref::RegisterFile& regs = nic_.registers();
  std::uint32_t ivar = regs.Read(R::kIVAR, ring / 2);
  if (ring % 2 == 0) {
    ivar = f::kIvarRx0Valid.Put(f::kIvarRx0.Put(ivar, vector), 1);
  } else {
    ivar = f::kIvarRx1Valid.Put(f::kIvarRx1.Put(ivar, vector), 1);
  }
  regs.Write(R::kIVAR, ring / 2, ivar);
}

std::optional<std::uint32_t> Miniport::ProcessorOf(const ndis::GroupAffinity& affinity) const {
  if (affinity.group >= processor_masks_.size()) return std::nullopt;
  const std::uint64_t usable = affinity.mask & processor_masks_[affinity.group];
  if (usable == 0) return std::nullopt;
  return std::uint32_t{affinity.group} * 64u + static_cast<std::uint32_t>(std::countr_zero(usable));
}

// --- Pools and rings ------------------------------------------------------------------------

std::optional<std::uint32_t> Miniport::AllocatePool() {
  for (std::uint32_t pool = 0; pool < default_pool(); ++pool) {
    if (!pool_owner_[pool]) return pool;
  }
  return std::nullopt;
}

void Miniport::StartRing(std::uint32_t pool, bool strip_vlan) {
  hwref::RegisterFile& regs = nic_.registers();
  const std::uint32_t ring = RingOfPool(pool);
  const std::uint64_t slab = SlabOfPool(pool);
  for (std::uint32_t i = 0; i < kRingDescriptors; ++i) {
    nic_.memory().Write64(slab + std::uint64_t{i} * hwref::kDescriptorBytes, BufferOfSlot(pool, i));
    nic_.memory().Write64(slab + std::uint64_t{i} * hwref::kDescriptorBytes + 8, 0);
  }
  regs.Write(R::kRDBAL, ring, static_cast<std::uint32_t>(slab));
  regs.Write(R::kRDBAH, ring, static_cast<std::uint32_t>(slab >> 32));
  regs.Write(R::kRDLEN, ring, kRingDescriptors * hwref::kDescriptorBytes);
  regs.Write(R::kSRRCTL, ring, f::kSrrctlBsize.Put(0, kBufferBytes / 1024));
  regs.Write(R::kRDH, ring, 0);
  regs.Write(R::kRDT, ring, kRingDescriptors - 1);  // the device owns [RDH, RDT)
  regs.Write(R::kRXDCTL, ring, f::kRxdctlEnable.Mask() | (strip_vlan ? f::kRxdctlVme.Mask() : 0u));
  rings_[pool] = Ring{true, 0, false};
}

void Miniport::StopRing(std::uint32_t pool) {
  nic_.registers().Write(R::kRXDCTL, RingOfPool(pool), 0);
  rings_[pool].active = false;
}

void Miniport::SetPoolEnabled(std::uint32_t pool, bool enabled) {
  hwref::RegisterFile& regs = nic_.registers();
  const std::uint32_t bit = 1u << (pool % 32);
  const std::uint32_t word = regs.Read(R::kVFRE, pool / 32);
  regs.Write(R::kVFRE, pool / 32, enabled ? (word | bit) : (word & ~bit));
}

// --- Filters in hardware --------------------------------------------------------------------

// Only a Running queue's filters are in the tables: a filter set before QUEUE_ALLOCATION_COMPLETE
// must not pull its frames away from the default queue (E-505). One linear pass over the filter
// table, the key compared first, keeps a SET_FILTER among thousands of filters cheap.
std::uint64_t Miniport::PoolsWithMac(std::uint64_t mac) const {
  std::uint64_t pools = 0;
  for (const auto& [id, filter] : filters_) {
    if (filter.mac != mac || filter.queue_id == ndis::kDefaultReceiveQueueId) continue;
    auto queue = queues_.find(filter.queue_id);
    if (queue != queues_.end() && queue->second.state == QueueState::kRunning) {
      pools |= std::uint64_t{1} << filter.pool;
    }
  }
  return pools;
}

std::uint64_t Miniport::PoolsWithVlanClass(std::uint32_t vlan_class) const {
  std::uint64_t pools = 0;
  for (const auto& [id, filter] : filters_) {
    if (filter.vlan_class != vlan_class || filter.queue_id == ndis::kDefaultReceiveQueueId)
      continue;
    auto queue = queues_.find(filter.queue_id);
    if (queue != queues_.end() && queue->second.state == QueueState::kRunning) {
      pools |= std::uint64_t{1} << filter.pool;
    }
  }
  return pools;
}

// RAL/RAH hold the address with Address Valid; MPSAR holds every pool with a filter on it.
void Miniport::ProgramAddressEntry(std::uint64_t mac, std::optional<std::uint64_t> known_pools) {
  const auto index = addresses_.Find(mac);
  if (!index) return;
  hwref::RegisterFile& regs = nic_.registers();
  const std::uint64_t pools = known_pools ? *known_pools : PoolsWithMac(mac);
  regs.Write(R::kRAL, *index, static_cast<std::uint32_t>(mac));
  regs.Write(R::kRAH, *index,
             f::kRahAddr.Put(f::kRahAv.Mask(), static_cast<std::uint32_t>(mac >> 32)));
  regs.Write(R::kMPSAR, 2 * *index, static_cast<std::uint32_t>(pools));
  regs.Write(R::kMPSAR, 2 * *index + 1, static_cast<std::uint32_t>(pools >> 32));
}

// VLVF holds the VID with VI_En; VLVFB holds every pool with a filter on that VID, plus the
// default pool, so broadcast and multicast frames of the VLAN still reach the default queue.
void Miniport::ProgramVlanEntry(std::uint32_t vlan_id, std::optional<std::uint64_t> known_pools) {
  const auto index = vlans_.Find(vlan_id);
  if (!index) return;
  hwref::RegisterFile& regs = nic_.registers();
  const std::uint64_t pools = (known_pools ? *known_pools : PoolsWithVlanClass(vlan_id)) |
                              (std::uint64_t{1} << default_pool());
  regs.Write(R::kVLVF, *index, f::kVlvfVlanId.Put(0, vlan_id) | f::kVlvfViEn.Mask());
  regs.Write(R::kVLVFB, 2 * *index, static_cast<std::uint32_t>(pools));
  regs.Write(R::kVLVFB, 2 * *index + 1, static_cast<std::uint32_t>(pools >> 32));
}

// VMOLR: AUPE when a filter of the pool accepts untagged-or-zero frames; BAM when a filter of
// the pool is on the broadcast address (broadcast frames bypass the address entries). The default
// pool accepts untagged, broadcast and all multicast frames.
void Miniport::ProgramPoolOptions(std::uint32_t pool) {
  std::uint32_t vmolr = 0;
  if (pool == default_pool()) {
    vmolr = f::kVmolrAupe.Mask() | f::kVmolrBam.Mask() | f::kVmolrMpe.Mask();
  } else if (pool_owner_[pool] && queues_.at(*pool_owner_[pool]).state == QueueState::kRunning) {
    // As for the address and VLAN entries: nothing until the queue runs (E-505).
    const VmQueue& queue = queues_.at(*pool_owner_[pool]);
    for (const PoolUse& use : queue.pools) {
      if (use.pool != pool) continue;
      for (std::uint32_t filter_id : use.filter_ids) {
        const VmqFilter& filter = filters_.at(filter_id);
        if (filter.vlan_class == kUntaggedOrZero) vmolr |= f::kVmolrAupe.Mask();
        if (filter.mac == hwref::kBroadcastMac) vmolr |= f::kVmolrBam.Mask();
      }
    }
  }
  nic_.registers().Write(R::kVMOLR, pool, vmolr);
}

// QUEUE_ALLOCATION_COMPLETE made the queue Running: its filters, set while it was not, go into the
// address and VLAN entries and the pool options now (E-505).
// The pool bitmaps are gathered in one pass, so a queue with thousands of filters completes in
// O(n log n), not one scan of every filter per filter.
void Miniport::ProgramQueueFilters(const VmQueue& queue) {
  std::map<std::uint64_t, std::uint64_t> mac_pools;
  std::map<std::uint32_t, std::uint64_t> vlan_pools;
  for (const auto& [id, running] : queues_) {
    if (running.state != QueueState::kRunning) continue;
    for (const PoolUse& use : running.pools) {
      for (std::uint32_t filter_id : use.filter_ids) {
        const VmqFilter& filter = filters_.at(filter_id);
        mac_pools[filter.mac] |= std::uint64_t{1} << use.pool;
        vlan_pools[filter.vlan_class] |= std::uint64_t{1} << use.pool;
      }
    }
  }
  for (const PoolUse& use : queue.pools) {
    for (std::uint32_t filter_id : use.filter_ids) {
      const VmqFilter& filter = filters_.at(filter_id);
      if (filter.mac != hwref::kBroadcastMac)
        ProgramAddressEntry(filter.mac, mac_pools[filter.mac]);
      if (filter.vlan_class != kUntaggedOrZero) {
        ProgramVlanEntry(filter.vlan_class, vlan_pools[filter.vlan_class]);
      }
    }
    ProgramPoolOptions(use.pool);
  }
}

// Called after the filter joined its pool's list; the caller checked CanAcquire for both tables.
void Miniport::AddFilterToHardware(const VmqFilter& filter) {
  if (filter.mac != hwref::kBroadcastMac) {
    (void)addresses_.Acquire(filter.mac);
    ProgramAddressEntry(filter.mac);
  }
  if (filter.vlan_class != kUntaggedOrZero) {
    (void)vlans_.Acquire(filter.vlan_class);
    ProgramVlanEntry(filter.vlan_class);
  }
  ProgramPoolOptions(filter.pool);
}

// Called after the filter left its pool's list.
void Miniport::RemoveFilterFromHardware(const VmqFilter& filter) {
  hwref::RegisterFile& regs = nic_.registers();
  if (filter.mac != hwref::kBroadcastMac) {
    if (auto released = addresses_.Release(filter.mac)) {
      if (released->freed) {
        regs.Write(R::kRAH, released->index, 0);  // clear Address Valid first
        regs.Write(R::kRAL, released->index, 0);
        regs.Write(R::kMPSAR, 2 * released->index, 0);
        regs.Write(R::kMPSAR, 2 * released->index + 1, 0);
      } else {
        ProgramAddressEntry(filter.mac);
      }
    }
  }
  if (filter.vlan_class != kUntaggedOrZero) {
    if (auto released = vlans_.Release(filter.vlan_class)) {
      if (released->freed) {
        regs.Write(R::kVLVF, released->index, 0);
        regs.Write(R::kVLVFB, 2 * released->index, 0);
        regs.Write(R::kVLVFB, 2 * released->index + 1, 0);
      } else {
        ProgramVlanEntry(filter.vlan_class);
      }
    }
  }
  ProgramPoolOptions(filter.pool);
}

void Miniport::ReleaseQueueResources(VmQueue& queue) {
  for (const PoolUse& use : queue.pools) {
    StopRing(use.pool);
    SetPoolEnabled(use.pool, false);
    pool_owner_[use.pool].reset();
    nic_.registers().Write(R::kVMOLR, use.pool, 0);
  }
  queue.pools.clear();
}

// --- Halt -----------------------------------------------------------------------------------

void Miniport::Halt() {
  if (halted_) return;
  // NDIS frees every queue before MiniportHaltEx; whatever is left is torn down here. A FREE_QUEUE
  // still pending is aborted so the host does not wait for a completion that cannot come.
  std::vector<std::uint64_t> aborted;
  for (auto& [id, queue] : queues_) {
    if (queue.pending_free) aborted.push_back(*queue.pending_free);
    ReleaseQueueResources(queue);
  }
  queues_.clear();
  filters_.clear();
  outstanding_.Clear();
  if (initialized_) {
    nic_.registers().Write(R::kRXCTRL, 0, 0);
    StopRing(default_pool());
    nic_.registers().Write(R::kCTRL, 0, f::kCtrlRst.Mask());
  }
  for (std::uint64_t request_id : aborted) {
    if (callbacks_.complete_oid != nullptr) {
      callbacks_.complete_oid(host_, request_id, Status(ndis::NdisStatus::kRequestAborted), 0, 0);
    }
  }
  halted_ = true;
}

}  // namespace vmqkit::reference
