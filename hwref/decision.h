#pragma once
// The outcome of the receive decision for one frame: dropped with a reason, or the queues it
// goes to (several when VT_CTL.REPLEN replicates it). Delivery into rings comes after.
#include <cstdint>
#include <optional>
#include <vector>

#include "hwref/drop_reason.h"
#include "hwref/frame.h"

namespace vmqkit::hwref {

struct Decision {
  std::optional<DropReason> drop;
  std::vector<std::uint32_t> queues;  // ascending; empty when dropped
  std::uint32_t rss_hash = 0;         // 0 unless RSS is on and the frame is hashable
  RssType rss_type = RssType::kNone;
  friend bool operator==(const Decision&, const Decision&) = default;
};

// One word per frame for the batch API: a queue, a drop reason, or "replicated to several
// queues" (ask Decide for the list).
class QueueId {
 public:
  constexpr QueueId() = default;
  static constexpr QueueId Queue(std::uint32_t queue) { return QueueId(queue & kQueueMask); }
  static constexpr QueueId Drop(DropReason reason) { return QueueId(kDropTag | Index(reason)); }
  static constexpr QueueId Replicated() { return QueueId(kReplicatedTag); }
  // The word raw() gave, as stored in the fast path's precomputed tables.
  static constexpr QueueId FromRaw(std::uint32_t raw) { return QueueId(raw); }

  constexpr bool is_queue() const { return (raw_ & (kDropTag | kReplicatedTag)) == 0; }
  constexpr bool is_drop() const { return (raw_ & kDropTag) != 0; }
  constexpr bool is_replicated() const { return (raw_ & kReplicatedTag) != 0; }
  constexpr std::uint32_t queue() const { return raw_ & kQueueMask; }
  constexpr DropReason drop_reason() const { return static_cast<DropReason>(raw_ & 0xFF); }
  constexpr std::uint32_t raw() const { return raw_; }
  friend constexpr bool operator==(QueueId, QueueId) = default;

 private:
  static constexpr std::uint32_t kDropTag = 0x8000'0000u;
  static constexpr std::uint32_t kReplicatedTag = 0x4000'0000u;
  static constexpr std::uint32_t kQueueMask = 0x3FFF'FFFFu;
  constexpr explicit QueueId(std::uint32_t raw) : raw_(raw) {}
  std::uint32_t raw_ = 0;
};

constexpr QueueId Summarize(const Decision& d) {
  if (d.drop) return QueueId::Drop(*d.drop);
  if (d.queues.size() == 1) return QueueId::Queue(d.queues.front());
  return QueueId::Replicated();
}

}  // namespace vmqkit::hwref
