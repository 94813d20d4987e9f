// The receive path: the device writes a frame into a ring; the driver cleans the ring, copies the
// frame out (copy-break: the descriptor is re-armed at once, so an unreturned frame never starves
// the ring), indicates it with its queue id, and counts it until the OS returns it.
#include <algorithm>

#include "hwref/register_map.h"
#include "reference/miniport.h"

namespace vmqkit::reference {
namespace {
using R = hwref::RegisterId;
constexpr std::uint16_t kVlanEtherType = 0x8100;
}  // namespace

void Miniport::Receive(std::span<const std::uint8_t> frame) {
  if (!initialized_ || halted_) return;
  nic_.Receive(frame);
  // The interrupt handler: every active ring is cleaned (one wire frame lands in at most one,
  // since VT_CTL.REPLEN is off).
  for (std::uint32_t pool = 0; pool < rings_.size(); ++pool) {
    if (rings_[pool].active) ServiceRing(pool);
  }
}

void Miniport::ServiceRing(std::uint32_t pool) {
  Ring& ring = rings_[pool];
  const std::uint32_t ring_index = RingOfPool(pool);
  const std::uint64_t slab = kDmaBase + std::uint64_t{pool} * kSlabBytes;
  const std::uint64_t buffers = slab + std::uint64_t{kRingDescriptors} * hwref::kDescriptorBytes;
  const std::optional<std::uint32_t> owner =
      pool == default_pool() ? std::optional<std::uint32_t>(0) : pool_owner_[pool];
  for (std::uint32_t guard = 0; guard < kRingDescriptors; ++guard) {
    const std::uint32_t slot = ring.next_clean;
    const std::uint64_t descriptor = slab + std::uint64_t{slot} * hwref::kDescriptorBytes;
    std::uint64_t qword1 = 0;
    if (!nic_.memory().Read64(descriptor + 8, qword1) || (qword1 & hwref::kStatusDd) == 0) break;
    const auto length = static_cast<std::uint32_t>((qword1 >> 32) & 0xFFFF);
    const auto tci = static_cast<std::uint16_t>(qword1 >> 48);
    const bool stripped = (qword1 & hwref::kStatusVp) != 0;
    const std::uint64_t buffer = buffers + std::uint64_t{slot} * kBufferBytes;
    std::vector<std::uint8_t> bytes(std::min(length, kBufferBytes));
    const bool copied = nic_.memory().Read(buffer, bytes);

    // Re-arm the descriptor and hand the previous one back (the device owns [RDH, RDT)).
    nic_.memory().Write64(descriptor, buffer);
    nic_.memory().Write64(descriptor + 8, 0);
    nic_.registers().Write(R::kRDT, ring_index, slot);
    ring.next_clean = (slot + 1) % kRingDescriptors;

    if (!copied || !owner) continue;
    VmQueue* queue = nullptr;
    if (*owner != ndis::kDefaultReceiveQueueId) {
      auto it = queues_.find(*owner);
      // Only a Running queue indicates ([WDD] queue-states-and-operations).
      if (it == queues_.end() || it->second.state != QueueState::kRunning) continue;
      queue = &it->second;
    }
    std::uint32_t vlan_id = 0;
    if (stripped) {
      vlan_id = tci & 0xFFFu;
      // A priority tag (VID 0) belongs to the frame: put it back; only a VLAN id goes to OOB data.
      if (vlan_id == 0 && bytes.size() >= 12) {
        const std::uint8_t tag[4] = {static_cast<std::uint8_t>(kVlanEtherType >> 8),
                                     static_cast<std::uint8_t>(kVlanEtherType),
                                     static_cast<std::uint8_t>(tci >> 8),
                                     static_cast<std::uint8_t>(tci)};
        bytes.insert(bytes.begin() + 12, tag, tag + 4);
      }
    }
    vmqkit_receive_indication indication{};
    indication.queue_id = *owner;
    indication.filter_id = 0;  // "FilterId = 0" for VMQ ([WDD] vmq-receive-path)
    indication.frame = bytes.data();
    indication.length = static_cast<std::uint32_t>(bytes.size());
    indication.vlan_id = vlan_id;
    indication.cookie = next_cookie_++;
    outstanding_.emplace(indication.cookie, *owner);
    if (queue != nullptr) ++queue->outstanding;
    if (callbacks_.indicate_receive != nullptr) {
      callbacks_.indicate_receive(host_, &indication, 1, VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE);
    }
  }
}

void Miniport::ReturnIndications(std::span<const std::uint64_t> cookies) {
  for (std::uint64_t cookie : cookies) {
    auto it = outstanding_.find(cookie);
    if (it == outstanding_.end()) continue;  // unknown or returned twice: ignore
    const std::uint32_t queue_id = it->second;
    outstanding_.erase(it);
    auto queue = queues_.find(queue_id);
    if (queue == queues_.end() || queue_id == ndis::kDefaultReceiveQueueId) continue;
    if (queue->second.outstanding > 0) --queue->second.outstanding;
    CompleteFreeIfDrained(queue->second);
  }
}

void Miniport::CompleteFreeIfDrained(VmQueue& queue) {
  if (queue.state != QueueState::kFreeing || queue.outstanding != 0 || !queue.pending_free) return;
  const std::uint64_t request_id = *queue.pending_free;
  ReleaseQueueResources(queue);
  queues_.erase(queue.queue_id);  // `queue` is gone from here on
  if (callbacks_.complete_oid != nullptr) {
    callbacks_.complete_oid(host_, request_id,
                            static_cast<std::uint32_t>(ndis::NdisStatus::kSuccess),
                            static_cast<std::uint32_t>(ndis::SizeOf(
                                ndis::Structure::kReceiveQueueFreeParameters, ndis::kRevision1)),
                            0);
  }
}

}  // namespace vmqkit::reference
