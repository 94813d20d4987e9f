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
  // with no register write since, delivered in order as Receive would, as a fast NIC does it:
  // each ring's registers (RXDCTL, RDLEN, RDBA, RDH, RDT, SRRCTL) are read once, RDH and QPRC
  // written back once, and one interrupt is raised per queue that received (interrupt
  // moderation) when the call returns. It stops before a frame, never the first, that finds its
  // ring without a free descriptor (the first time in the call) or that is replicated, so the
  // driver can clean its rings first, and returns how many frames it took; a frame taken first
  // goes as Receive takes it (a replicated frame through Receive; a full ring drops it with
  // kNoDescriptor, and the call's later frames for that ring too). Taking the rest
  // call after call, without cleaning, gives every frame, register and byte of host memory that
  // Receive frame by frame gives (property in hwref/tests/delivery_batch_test.cpp); the
  // interrupt log has one entry per queue per call instead of one per frame.
  bool DecideBatch(std::span<const Frame> frames, std::span<QueueId> words);
  std::size_t ReceiveDecided(std::span<const Frame> frames, std::span<const QueueId> words);
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
  // One ring as ReceiveDecided reads it: its registers decoded once per call.
  struct RingView {
    bool loaded = false;
    bool enabled = false;
    bool strip_vlan = false;  // RXDCTL.VME
    std::uint32_t count = 0;  // descriptors
    std::uint32_t head = 0;   // RDH as the call advances it
    std::uint32_t tail = 0;
    std::uint32_t buffer_size = 0;
    std::uint64_t ring = 0;       // descriptor ring's bus address
    std::uint32_t delivered = 0;  // descriptors written in this call
    bool found_full = false;      // a frame of this call was dropped for want of a descriptor
  };
  RingView& LoadRing(std::uint32_t queue);
  // Deliver, on a loaded view whose ring has a free descriptor.
  std::optional<DropReason> DeliverInto(RingView& view, Frame frame, std::uint16_t vlan_ethertype);
  void FinishBurst();
  void CountDrop(DropReason reason);
  void RaiseInterrupt(std::uint32_t queue);

  RegisterFile regs_;
  HostMemory memory_;
  FastPath fast_;
  std::vector<InterruptEvent> interrupts_;
  std::vector<RingView> views_;            // by queue, reused by every ReceiveDecided call
  std::vector<std::uint32_t> view_order_;  // queues whose view is loaded, in first-use order
};

}  // namespace vmqkit::hwref
