// The receive path: the device writes a frame into a ring; the driver cleans the ring, copies the
// frame out (copy-break: the descriptor is re-armed at once, so an unreturned frame never starves
// the ring), indicates it with its queue id, and counts it until the OS returns it. A batch of
// frames (receive_batch) is one interrupt's worth: the device takes at most a ring's worth of free
// descriptors at a time, the driver cleans the rings after each such chunk, and the frames go up
// in one indication per run of one queue, in wire order, once the batch is in.
#include <algorithm>

#include "hwref/register_map.h"
#include "reference/miniport.h"

namespace vmqkit::reference {
namespace {
using R = hwref::RegisterId;
constexpr std::uint16_t kVlanEtherType = 0x8100;
// Frames the device may write into one ring before the driver cleans it: the ring's free
// descriptors ([RDH, RDT) holds all but one after a cleaning).
constexpr std::size_t kChunkFrames = kRingDescriptors - 1;
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
  for (std::size_t first = 0; first < frames.size(); first += kChunkFrames) {
    const std::size_t count = std::min(kChunkFrames, frames.size() - first);
    const auto words = std::span<const hwref::QueueId>(batch_words_).subspan(first, count);
    nic_.ReceiveDecided(std::span<const hwref::Frame>(batch_frames_).subspan(first, count), words);
    // Clean the rings the chunk went to, in the order of their first frame: every active one
    // when a frame was replicated (its word names no single queue).
    std::array<std::uint32_t, kChunkFrames> named;
    std::size_t named_count = 0;
    bool every_ring = false;
    for (const hwref::QueueId word : words) {
      if (word.is_drop()) continue;
      const std::uint32_t pool = word.queue() / queues_per_pool_;
      if (word.is_replicated() || pool >= rings_.size()) {
        every_ring = true;
      } else if (!rings_[pool].touched) {
        rings_[pool].touched = true;
        named[named_count++] = pool;
      }
    }
    for (std::size_t k = 0; k < named_count; ++k) {
      rings_[named[k]].touched = false;
      if (!every_ring && rings_[named[k]].active) ServiceRing(named[k]);
    }
    if (every_ring) {
      for (std::uint32_t pool = 0; pool < rings_.size(); ++pool) {
        if (rings_[pool].active) ServiceRing(pool);
      }
    }
  }
  IndicatePending();
}

void Miniport::ServiceRing(std::uint32_t pool) {
  Ring& ring = rings_[pool];
  const std::uint32_t ring_index = RingOfPool(pool);
  const std::uint64_t slab = kDmaBase + std::uint64_t{pool} * kSlabBytes;
  const std::uint64_t buffers = slab + std::uint64_t{kRingDescriptors} * hwref::kDescriptorBytes;
  const std::optional<std::uint32_t> owner =
      pool == default_pool() ? std::optional<std::uint32_t>(0) : pool_owner_[pool];
  std::optional<std::uint32_t> last_cleaned;
  for (std::uint32_t guard = 0; guard < kRingDescriptors; ++guard) {
    const std::uint32_t slot = ring.next_clean;
    const std::uint64_t descriptor = slab + std::uint64_t{slot} * hwref::kDescriptorBytes;
    std::uint64_t qword1 = 0;
    if (!nic_.memory().Read64(descriptor + 8, qword1) || (qword1 & hwref::kStatusDd) == 0) break;
    const auto length = static_cast<std::uint32_t>((qword1 >> 32) & 0xFFFF);
    const auto tci = static_cast<std::uint16_t>(qword1 >> 48);
    const bool stripped = (qword1 & hwref::kStatusVp) != 0;
    const std::uint64_t buffer = buffers + std::uint64_t{slot} * kBufferBytes;
    // The copy goes into this batch's bytes, with room for a priority tag put back (below).
    const std::size_t at = pending_used_;
    const std::uint32_t copied_length = std::min(length, kBufferBytes);
    if (pending_bytes_.size() < at + copied_length + 4) {
      pending_bytes_.resize(std::max(2 * pending_bytes_.size(), at + copied_length + 4));
    }
    const bool copied = nic_.memory().Read(
        buffer, std::span<std::uint8_t>(pending_bytes_.data() + at, copied_length));

    // Re-arm the descriptor; the tail moves once the ring is clean (below).
    nic_.memory().Write64(descriptor, buffer);
    nic_.memory().Write64(descriptor + 8, 0);
    last_cleaned = slot;
    ring.next_clean = (slot + 1) % kRingDescriptors;

    VmQueue* queue = nullptr;
    if (copied && owner && *owner != ndis::kDefaultReceiveQueueId) {
      auto it = queues_.find(*owner);
      // Only a Running queue indicates ([WDD] queue-states-and-operations).
      if (it != queues_.end() && it->second.state == QueueState::kRunning) queue = &it->second;
    }
    if (!copied || !owner || (*owner != ndis::kDefaultReceiveQueueId && queue == nullptr)) {
      continue;
    }
    std::uint32_t vlan_id = 0;
    std::uint32_t indicated_length = copied_length;
    if (stripped) {
      vlan_id = tci & 0xFFFu;
      // A priority tag (VID 0) belongs to the frame: put it back; only a VLAN id goes to OOB data.
      if (vlan_id == 0 && copied_length >= 12) {
        std::uint8_t* bytes = pending_bytes_.data() + at;
        std::copy_backward(bytes + 12, bytes + copied_length, bytes + copied_length + 4);
        bytes[12] = static_cast<std::uint8_t>(kVlanEtherType >> 8);
        bytes[13] = static_cast<std::uint8_t>(kVlanEtherType);
        bytes[14] = static_cast<std::uint8_t>(tci >> 8);
        bytes[15] = static_cast<std::uint8_t>(tci);
        indicated_length += 4;
      }
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
  for (std::uint64_t cookie : cookies) {
    // Unknown or returned twice: ignore.
    const std::optional<std::uint32_t> queue_id = outstanding_.Remove(cookie);
    if (!queue_id || *queue_id == ndis::kDefaultReceiveQueueId) continue;
    auto queue = queues_.find(*queue_id);
    if (queue == queues_.end()) continue;
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
