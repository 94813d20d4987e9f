#pragma once
// The reference VMQ miniport: one adapter instance driving one hwref::Nic through MMIO and the
// simulated DMA memory only. The entry points mirror MiniportInitializeEx, MiniportOidRequest,
// the receive interrupt path, MiniportReturnNetBufferLists and MiniportHaltEx; the services it
// calls are the DUT ABI callbacks. docs/reference.md explains the register mapping.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "hwref/nic.h"
#include "ndis/structures.h"
#include "reference/capabilities.h"
#include "reference/configuration.h"
#include "reference/filter_tables.h"
#include "reference/outstanding_table.h"
#include "vmqkit/dut.h"

namespace vmqkit::reference {

// The documented queue states ([WDD] ndis-virtual-machine-queue-states); Freeing covers "Stop DMA"
// through "Freeing": the OID is pending until the last indicated frame comes back.
enum class QueueState : std::uint8_t { kAllocated, kSet, kRunning, kPaused, kFreeing };

// A VMQ filter as the hardware sees it: a destination MAC and a VLAN class.
inline constexpr std::uint32_t kUntaggedOrZero = 0;  // VlanClass of MAC + UNTAGGED_OR_ZERO
struct VmqFilter {
  std::uint32_t filter_id = 0;
  std::uint32_t queue_id = 0;
  std::uint64_t mac = 0;         // packed as RAL/RAH hold it (hwref::PackMac)
  std::uint32_t vlan_class = 0;  // kUntaggedOrZero or a VLAN id 1..4095
  std::uint32_t pool = 0;        // the pool that carries it (VM queues only)
};

// One pool of a VM queue: it accepts (MACs of its filters) x (VLAN classes of its filters), so a
// pool only ever holds filters that share their MAC or share their VLAN class (E-501).
struct PoolUse {
  std::uint32_t pool = 0;
  std::vector<std::uint32_t> filter_ids;
  // What the filters have in common (meaningful when filter_ids is not empty), kept as filters
  // come and go so that placing a filter does not read every filter of the pool.
  std::uint64_t mac = 0;
  std::uint32_t vlan_class = 0;
  bool one_mac = true;    // every filter has `mac`
  bool one_class = true;  // every filter has `vlan_class`
  // Whether `filter` may join: the pool is empty, or its filters share the MAC or the class.
  bool Takes(std::uint64_t filter_mac, std::uint32_t filter_class) const {
    return filter_ids.empty() || (one_mac && mac == filter_mac) ||
           (one_class && vlan_class == filter_class);
  }
  void Add(std::uint32_t filter_id, std::uint64_t filter_mac, std::uint32_t filter_class) {
    if (filter_ids.empty()) {
      mac = filter_mac;
      vlan_class = filter_class;
      one_mac = one_class = true;
    } else {
      one_mac = one_mac && mac == filter_mac;
      one_class = one_class && vlan_class == filter_class;
    }
    filter_ids.push_back(filter_id);
  }
};

struct VmQueue {
  std::uint32_t queue_id = 0;
  QueueState state = QueueState::kAllocated;
  ndis::ReceiveQueueParameters parameters;    // as allocated, MSIXTableEntry filled in
  std::uint32_t processor = 0;                // group * 64 + number the interrupt targets
  std::vector<PoolUse> pools;                 // pools[0] is the home pool, never empty
  std::uint32_t outstanding = 0;              // indicated frames not yet returned
  std::optional<std::uint64_t> pending_free;  // request id of the pending FREE_QUEUE
};

struct AdapterOptions {
  hwref::Profile profile = hwref::kLargeProfile;
};

class Miniport {
 public:
  Miniport(const vmqkit_platform& platform, const vmqkit_host_callbacks& callbacks, void* host,
           AdapterOptions options = {});

  std::uint32_t Initialize(std::span<std::uint8_t> hardware, std::uint32_t& hardware_written,
                           std::span<std::uint8_t> current, std::uint32_t& current_written);
  std::uint32_t OidRequest(const vmqkit_oid_request& request);
  void Receive(std::span<const std::uint8_t> frame);
  void ReceiveBatch(std::span<const vmqkit_frame> frames);
  void ReturnIndications(std::span<const std::uint64_t> cookies);
  void Halt();

  // For tests and docs: the device as a test bench sees it.
  hwref::Nic& nic() { return nic_; }
  const Configuration& configuration() const { return config_; }
  const VmQueue* FindQueue(std::uint32_t queue_id) const;
  std::uint32_t default_pool() const { return nic_.profile().pools - 1; }
  std::uint32_t RingOfPool(std::uint32_t pool) const { return pool * queues_per_pool_; }
  // The pool of a device queue (a table: no division per received frame); pools() if none.
  std::uint32_t PoolOfQueue(std::uint32_t queue) const {
    return queue < pool_of_queue_.size() ? pool_of_queue_[queue]
                                         : static_cast<std::uint32_t>(pool_owner_.size());
  }

 private:
  // OIDs (oid_requests.cpp).
  std::uint32_t AllocateQueue(const vmqkit_oid_request& request);
  std::uint32_t QueueAllocationComplete(const vmqkit_oid_request& request);
  std::uint32_t SetFilter(const vmqkit_oid_request& request);
  std::uint32_t ClearFilter(const vmqkit_oid_request& request);
  std::uint32_t FreeQueue(const vmqkit_oid_request& request);
  std::uint32_t SetQueueParameters(const vmqkit_oid_request& request);
  std::uint32_t QueryQueueParameters(const vmqkit_oid_request& request);
  std::uint32_t QueryCapabilities(const vmqkit_oid_request& request,
                                  const ndis::ReceiveFilterCapabilities& caps);
  std::uint32_t QueryGlobalParameters(const vmqkit_oid_request& request);
  std::uint32_t EnumFilters(const vmqkit_oid_request& request);

  // Hardware (miniport.cpp).
  void ResetAndConfigureDevice();
  void ProgramMsixTable();
  std::uint32_t VectorOfProcessor(std::uint32_t processor) const;
  void RouteRingInterrupt(std::uint32_t ring, std::uint32_t vector);
  std::optional<std::uint32_t> AllocatePool();
  void StartRing(std::uint32_t pool, bool strip_vlan);
  void StopRing(std::uint32_t pool);
  void SetPoolEnabled(std::uint32_t pool, bool enabled);
  // Pools default to a scan of every Running queue's filters.
  void ProgramAddressEntry(std::uint64_t mac, std::optional<std::uint64_t> known_pools = {});
  void ProgramVlanEntry(std::uint32_t vlan_id, std::optional<std::uint64_t> known_pools = {});
  void ProgramPoolOptions(std::uint32_t pool);
  std::uint64_t PoolsWithMac(std::uint64_t mac) const;
  std::uint64_t PoolsWithVlanClass(std::uint32_t vlan_class) const;
  void ProgramQueueFilters(const VmQueue& queue);
  void AddFilterToHardware(const VmqFilter& filter);
  void RemoveFilterFromHardware(const VmqFilter& filter);
  void ReleaseQueueResources(VmQueue& queue);
  std::optional<std::uint32_t> ProcessorOf(const ndis::GroupAffinity& affinity) const;

  // Receive path (receive_path.cpp).
  void ServiceRing(std::uint32_t pool);  // appends to pending_
  // The rings in touched_pools_ (every active ring when `every_ring`); empties the list.
  void ServiceTouchedRings(bool every_ring);
  void IndicatePending();
  bool CompleteFreeIfDrained(VmQueue& queue);  // true: the queue is gone (erased)

  vmqkit_platform platform_;
  std::vector<std::uint64_t> processor_masks_;
  vmqkit_host_callbacks callbacks_;
  void* host_;
  hwref::Nic nic_;
  std::uint32_t queues_per_pool_ = 1;
  std::vector<std::uint32_t> pool_of_queue_;  // queue / queues_per_pool_
  bool ndis_630_ = false;
  HardwareFeatures hardware_;
  Configuration config_;
  ndis::ReceiveFilterCapabilities hardware_caps_;
  ndis::ReceiveFilterCapabilities current_caps_;
  bool initialized_ = false;
  bool halted_ = false;

  std::map<std::uint32_t, VmQueue> queues_;               // by QueueId (NDIS assigns them)
  std::map<std::uint32_t, VmqFilter> filters_;            // by FilterId (NDIS assigns them)
  std::vector<std::optional<std::uint32_t>> pool_owner_;  // pool -> QueueId
  SharedEntryTable addresses_;
  SharedEntryTable vlans_;

  struct Ring {
    bool active = false;
    std::uint32_t next_clean = 0;
    bool touched = false;  // in touched_pools_
  };
  std::vector<Ring> rings_;                   // by pool
  std::vector<std::uint32_t> touched_pools_;  // rings a batch went to, in order of first frame
  OutstandingTable outstanding_;

  // Frames cleaned from the rings and not indicated yet: their bytes (copy-break) and where.
  struct PendingIndication {
    std::uint32_t queue_id = 0;
    std::uint32_t vlan_id = 0;
    std::size_t offset = 0;  // in pending_bytes_
    std::uint32_t length = 0;
    std::uint64_t cookie = 0;
  };
  std::vector<PendingIndication> pending_;
  std::vector<std::uint8_t> pending_bytes_;  // arena: [0, pending_used_) in use
  std::size_t pending_used_ = 0;
  std::vector<vmqkit_receive_indication> indications_;
  std::vector<hwref::Frame> batch_frames_;  // ReceiveBatch's frames and decision words
  std::vector<hwref::QueueId> batch_words_;
};

// Layout of the simulated DMA memory: one slab per pool (descriptor ring, then its buffers).
inline constexpr std::uint32_t kRingDescriptors = 128;  // RDLEN counts 128-byte units: 8k
inline constexpr std::uint32_t kBufferBytes = 2048;    // SRRCTL.BSIZEPACKET = 2 KiB
inline constexpr std::uint64_t kDmaBase = 0x1'0000'0000ull;
// Buffers lie one cache line further apart than their size: at a 2 KiB stride every buffer's
// first line falls into the same few cache sets, and the lines a burst writes and reads evict
// each other (the frame copies ran at cache-miss speed).
inline constexpr std::uint32_t kBufferStride = kBufferBytes + 64;
inline constexpr std::uint64_t kSlabBytes =
    kRingDescriptors * hwref::kDescriptorBytes + std::uint64_t{kRingDescriptors} * kBufferStride;
// Where the slab of `pool` starts, and where its descriptor `slot` points.
constexpr std::uint64_t SlabOfPool(std::uint32_t pool) {
  return kDmaBase + std::uint64_t{pool} * kSlabBytes;
}
constexpr std::uint64_t BufferOfSlot(std::uint32_t pool, std::uint32_t slot) {
  return SlabOfPool(pool) + std::uint64_t{kRingDescriptors} * hwref::kDescriptorBytes +
         std::uint64_t{slot} * kBufferStride;
}

}  // namespace vmqkit::reference
