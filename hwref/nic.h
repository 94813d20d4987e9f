#pragma once
// The device: registers, the receive decision (readable or fast path), delivery into descriptor
// rings in host memory, statistics, and MSI-X interrupts routed to processors.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hwref/decision.h"
#include "hwref/fast_path/fast_path.h"
#include "hwref/frame.h"
#include "hwref/host_memory.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref {

enum class RxPath : std::uint8_t { kReadable, kFast };

// 82599 advanced receive descriptor, 16 bytes. Read format: qword 0 = packet buffer address.
// Write-back format: dword 0 = RSS type, dword 1 = RSS hash, dword 2 = status (DD, EOP, VP),
// dword 3 = length (15:0) and VLAN tag (31:16).
inline constexpr std::uint32_t kDescriptorBytes = 16;
inline constexpr std::uint32_t kStatusDd = 1u << 0;
inline constexpr std::uint32_t kStatusEop = 1u << 1;
inline constexpr std::uint32_t kStatusVp = 1u << 3;

struct QueueDelivery {
  std::uint32_t queue = 0;
  std::optional<DropReason> drop;  // nullopt: a descriptor was written
  std::uint32_t descriptor = 0;    // ring index written (valid when delivered)
  friend bool operator==(const QueueDelivery&, const QueueDelivery&) = default;
};

struct RxOutcome {
  Decision decision;
  std::vector<QueueDelivery> deliveries;
  bool delivered() const;  // at least one descriptor written
};

// Where a queue's receive interrupt goes: IVAR gives the vector, the MSI-X table the processor.
struct InterruptTarget {
  std::uint32_t vector = 0;
  std::optional<std::uint32_t> processor;  // x86 MSI destination id; nullopt if not an MSI address
  bool masked = true;                      // MSI-X vector control MASK
};

struct InterruptEvent {
  std::uint32_t queue = 0;
  std::uint32_t vector = 0;
  std::optional<std::uint32_t> processor;
  friend bool operator==(const InterruptEvent&, const InterruptEvent&) = default;
};
inline constexpr std::size_t kInterruptLogLimit = 65536;

class Nic {
 public:
  Nic(const Profile& profile, HostMemory memory);

  RegisterFile& registers() { return regs_; }
  const RegisterFile& registers() const { return regs_; }
  HostMemory& memory() { return memory_; }
  const Profile& profile() const { return regs_.profile(); }

  // A frame arrives on the wire: decide, deliver, count, interrupt.
  RxOutcome Receive(Frame frame, RxPath path = RxPath::kFast);
  // Frames on the wire in this order, each with the outcome Receive gives it, in two steps so a
  // driver can clean its rings between parts of a batch. DecideBatch: the decision words of the
  // whole batch (words.size() >= frames.size()) from the precomputed fast path, when it answers
  // the register state (RSS off, so no hash goes into a descriptor); false, and nothing written,
  // when it does not (then Receive each frame). ReceiveDecided: frames decided by DecideBatch
  // with no register write since, delivered in order as Receive would (a replicated frame goes
  // through Receive; a full ring drops the frame with kNoDescriptor).
  bool DecideBatch(std::span<const Frame> frames, std::span<QueueId> words);
  void ReceiveDecided(std::span<const Frame> frames, std::span<const QueueId> words);
  // The decision alone, without side effects.
  Decision Decide(Frame frame, RxPath path);
  // Batch decision on the fast path (no delivery).
  void Classify(std::span<const Frame> frames, std::span<QueueId> queues);
  // The fast path, rebuilt first if a filter register changed since it was built.
  const FastPath& fast_path();

  std::optional<InterruptTarget> InterruptTargetOfQueue(std::uint32_t queue) const;
  const std::vector<InterruptEvent>& interrupts() const { return interrupts_; }
  void ClearInterrupts() { interrupts_.clear(); }

 private:
  QueueDelivery Deliver(std::uint32_t queue, Frame frame, std::uint32_t rss_hash, RssType rss_type);
  void CountDrop(DropReason reason);
  void RaiseInterrupt(std::uint32_t queue);

  RegisterFile regs_;
  HostMemory memory_;
  FastPath fast_;
  std::vector<InterruptEvent> interrupts_;
};

}  // namespace vmqkit::hwref
