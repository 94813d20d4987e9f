// The receive path: the device writes a frame into a ring; the driver cleans the ring, copies the
// frame out (copy-break: the descriptor is re-armed at once, so an unreturned frame never starves
// the ring), indicates it with its queue id, and counts it until the OS returns it. A batch of
// frames (receive_batch) is one interrupt's worth: the device delivers the burst in wire order,
// pausing only when a frame finds its ring full so the driver can clean that ring; then the
// driver cleans each ring the burst went to once (one tail write each), reading the write-back
// descriptors in its own memory (the DD bit), and the frames go up in one indication per run of
// one queue, in wire order per queue, once the batch is in.
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
  IndicatePending();
}

void Miniport::ReceiveBatch(std::span<const vmqkit_frame> frames) {
  if (!initialized_ || halted_) return;
  batch_frames_.resize(frames.size());
  batch_words_.resize(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    batch_frames_[i] =
        hwref::Frame(frames[i].data, frames[i].data == nullptr ? 0 : frames[i].length);
  }
  if (!nic_.DecideBatch(batch_frames_, batch_words_)) {
    // The device decides frame by frame here (RSS, or tables beyond the precomputed budget).
    for (const hwref::Frame& frame : batch_frames_) {
      nic_.Receive(frame);
      for (std::uint32_t pool = 0; pool < rings_.size(); ++pool) {
        if (rings_[pool].active) ServiceRing(pool);
      }
    }
    IndicatePending();
    return;
  }
  // The device takes the burst in wire order and stops only before a frame whose ring is full
  // (or a replicated frame): the driver cleans that ring (all of them for a replicated frame)
  // and the device goes on. Then every ring the burst went to is cleaned once, in the order of
  // its first frame: one interrupt, one pass and one tail write per ring per burst.
  const std::span<const hwref::Frame> all_frames(batch_frames_);
  const std::span<const hwref::QueueId> all_words(batch_words_);
  touched_pools_.clear();
  bool every_ring = false;
  std::size_t first = 0;
  while (first < frames.size()) {
    const std::size_t taken =
        nic_.ReceiveDecided(all_frames.subspan(first), all_words.subspan(first));
    for (const hwref::QueueId word : all_words.subspan(first, taken)) {
      if (word.is_drop()) continue;
      const std::uint32_t pool = PoolOfQueue(word.queue());
      if (word.is_replicated() || pool >= rings_.size()) {
        every_ring = true;
      } else if (!rings_[pool].touched) {
        rings_[pool].touched = true;
        touched_pools_.push_back(pool);
      }
    }
    first += taken;
    if (first == frames.size()) break;
    const hwref::QueueId next = all_words[first];
    const std::uint32_t pool = PoolOfQueue(next.queue());
    if (next.is_replicated() || pool >= rings_.size()) {
      ServiceTouchedRings(every_ring);
      every_ring = false;
    } else if (rings_[pool].active) {
      ServiceRing(pool);
    }
  }
  ServiceTouchedRings(every_ring);
  IndicatePending();
}

void Miniport::ServiceTouchedRings(bool every_ring) {
  for (const std::uint32_t pool : touched_pools_) {
    rings_[pool].touched = false;
    if (!every_ring && rings_[pool].active) ServiceRing(pool);
  }
  touched_pools_.clear();
  if (every_ring) {
    for (std::uint32_t pool = 0; pool < rings_.size(); ++pool) {
      if (rings_[pool].active) ServiceRing(pool);
    }
  }
}

void Miniport::ServiceRing(std::uint32_t pool) {
  Ring& ring = rings_[pool];
  const std::uint32_t ring_index = RingOfPool(pool);
  // The driver's mapping of its ring and buffers (the slab lies inside the DMA memory).
  const std::uint64_t slab = SlabOfPool(pool);
  std::uint8_t* const ring_bytes = nic_.memory().Bytes(slab, kSlabBytes);
  if (ring_bytes == nullptr) return;
  // Who the ring's frames go to does not change while it is cleaned (indications wait for
  // IndicatePending): only a Running queue indicates ([WDD] queue-states-and-operations).
  const std::optional<std::uint32_t> owner =
      pool == default_pool() ? std::optional<std::uint32_t>(0) : pool_owner_[pool];
  VmQueue* queue = nullptr;
  if (owner && *owner != ndis::kDefaultReceiveQueueId) {
    auto it = queues_.find(*owner);
    if (it != queues_.end() && it->second.state == QueueState::kRunning) queue = &it->second;
  }
  const bool indicates = owner && (*owner == ndis::kDefaultReceiveQueueId || queue != nullptr);
  std::optional<std::uint32_t> last_cleaned;
  for (std::uint32_t guard = 0; guard < kRingDescriptors; ++guard) {
    const std::uint32_t slot = ring.next_clean;
    std::uint8_t* const descriptor = ring_bytes + std::size_t{slot} * hwref::kDescriptorBytes;
    const std::uint64_t qword1 = hwref::LoadLe64(descriptor + 8);
    if ((qword1 & hwref::kStatusDd) == 0) break;
    const auto length = static_cast<std::uint32_t>((qword1 >> 32) & 0xFFFF);
    const auto tci = static_cast<std::uint16_t>(qword1 >> 48);
    const bool stripped = (qword1 & hwref::kStatusVp) != 0;

    // Re-arm the descriptor; the tail moves once the ring is clean (below).
    const std::uint64_t buffer = BufferOfSlot(pool, slot);
    hwref::StoreLe64(descriptor, buffer);
    hwref::StoreLe64(descriptor + 8, 0);
    last_cleaned = slot;
    ring.next_clean = (slot + 1) % kRingDescriptors;
    if (!indicates) continue;

    // The copy goes into this batch's bytes, with room for a priority tag put back (below).
    const std::size_t at = pending_used_;
    const std::uint32_t copied_length = std::min(length, kBufferBytes);
    if (pending_bytes_.size() < at + copied_length + 4) {
      pending_bytes_.resize(std::max(2 * pending_bytes_.size(), at + copied_length + 4));
    }
    std::uint8_t* const bytes = pending_bytes_.data() + at;
    const std::uint8_t* const dma = ring_bytes + (buffer - slab);
    const std::uint32_t vlan_id = stripped ? tci & 0xFFFu : 0;
    std::uint32_t indicated_length = copied_length;
    if (stripped && vlan_id == 0 && copied_length >= 12) {
      // A priority tag (VID 0) belongs to the frame: put back between the addresses and the
      // rest; only a VLAN id goes to OOB data.
      hwref::CopyFrameBytes(bytes, dma, 12);
      bytes[12] = static_cast<std::uint8_t>(kVlanEtherType >> 8);
      bytes[13] = static_cast<std::uint8_t>(kVlanEtherType);
      bytes[14] = static_cast<std::uint8_t>(tci >> 8);
      bytes[15] = static_cast<std::uint8_t>(tci);
      hwref::CopyFrameBytes(bytes + 16, dma + 12, copied_length - 12);
      indicated_length += 4;
    } else {
      hwref::CopyFrameBytes(bytes, dma, copied_length);
    }
    pending_used_ = at + indicated_length;
    PendingIndication pending{};
    pending.queue_id = *owner;
    pending.offset = at;
    pending.length = indicated_length;
    pending.vlan_id = vlan_id;
    pending.cookie = outstanding_.Add(*owner);
    pending_.push_back(pending);
    if (queue != nullptr) ++queue->outstanding;
  }
  // Hand the cleaned descriptors back: the device owns [RDH, RDT).
  if (last_cleaned) nic_.registers().Write(R::kRDT, ring_index, *last_cleaned);
}

void Miniport::IndicatePending() {
  if (pending_.empty()) return;
  // The bytes are all in place now (the arena no longer moves): point the indications at them.
  indications_.resize(pending_.size());
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const PendingIndication& p = pending_[i];
    vmqkit_receive_indication& indication = indications_[i];
    indication.queue_id = p.queue_id;
    indication.filter_id = 0;  // "FilterId = 0" for VMQ ([WDD] vmq-receive-path)
    indication.frame = pending_bytes_.data() + p.offset;
    indication.length = p.length;
    indication.vlan_id = p.vlan_id;
    indication.cookie = p.cookie;
  }
  pending_.clear();
  pending_used_ = 0;
  if (callbacks_.indicate_receive == nullptr) return;
  // One NdisMIndicateReceiveNetBufferLists per run of frames of one queue.
  for (std::size_t first = 0; first < indications_.size();) {
    std::size_t end = first + 1;
    while (end < indications_.size() && indications_[end].queue_id == indications_[first].queue_id)
      ++end;
    callbacks_.indicate_receive(host_, indications_.data() + first,
                                static_cast<std::uint32_t>(end - first),
                                VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE);
    first = end;
  }
}

void Miniport::ReturnIndications(std::span<const std::uint64_t> cookies) {
  // Frames come back in runs of one queue: its map entry is looked up once per run.
  bool looked_up = false;  // cached_id's entry is in `cached` (nullptr: no such queue)
  std::uint32_t cached_id = 0;
  VmQueue* cached = nullptr;
  for (std::uint64_t cookie : cookies) {
    // Unknown or returned twice: ignore.
    const std::optional<std::uint32_t> queue_id = outstanding_.Remove(cookie);
    if (!queue_id || *queue_id == ndis::kDefaultReceiveQueueId) continue;
    if (!looked_up || cached_id != *queue_id) {
      auto it = queues_.find(*queue_id);
      looked_up = true;
      cached_id = *queue_id;
      cached = it == queues_.end() ? nullptr : &it->second;
    }
    if (cached == nullptr) continue;
    if (cached->outstanding > 0) --cached->outstanding;
    if (cached->state == QueueState::kFreeing && CompleteFreeIfDrained(*cached)) {
      looked_up = false;  // erased (and complete_oid ran)
    }
  }
}

bool Miniport::CompleteFreeIfDrained(VmQueue& queue) {
  if (queue.state != QueueState::kFreeing || queue.outstanding != 0 || !queue.pending_free) {
    return false;
  }
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
  return true;
}

}  // namespace vmqkit::reference
