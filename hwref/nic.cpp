#include "hwref/nic.h"

#include <algorithm>

#include "hwref/readable_path.h"

namespace vmqkit::hwref {
namespace {
using R = RegisterId;
namespace f = field;
}  // namespace

bool RxOutcome::delivered() const {
  return std::any_of(deliveries.begin(), deliveries.end(),
                     [](const QueueDelivery& d) { return !d.drop.has_value(); });
}

Nic::Nic(const Profile& profile, HostMemory memory) : regs_(profile), memory_(std::move(memory)) {}

const FastPath& Nic::fast_path() {
  if (fast_.generation() != regs_.filter_generation()) fast_.Rebuild(regs_);
  return fast_;
}

Decision Nic::Decide(Frame frame, RxPath path) {
  return path == RxPath::kReadable ? DecideReadable(regs_, frame) : fast_path().Decide(frame);
}

void Nic::Classify(std::span<const Frame> frames, std::span<QueueId> queues) {
  fast_path().Classify(frames, queues);
}

void Nic::CountDrop(DropReason reason) {
  regs_.Increment(R::kRXDRC, Index(reason));
  if (reason == DropReason::kUndersize) regs_.Increment(R::kRUC);
  if (reason == DropReason::kOversize) regs_.Increment(R::kROC);
}

RxOutcome Nic::Receive(Frame frame, RxPath path) {
  RxOutcome out;
  out.decision = Decide(frame, path);
  if (out.decision.drop) {
    CountDrop(*out.decision.drop);
    return out;
  }
  for (std::uint32_t queue : out.decision.queues) {
    out.deliveries.push_back(Deliver(queue, frame, out.decision.rss_hash, out.decision.rss_type));
  }
  if (out.delivered()) regs_.Increment(R::kGPRC);
  return out;
}

bool Nic::DecideBatch(std::span<const Frame> frames, std::span<QueueId> words) {
  const FastPath& fast = fast_path();
  if (!fast.precomputed()) return false;
  fast.Classify(frames, words);
  return true;
}

void Nic::ReceiveDecided(std::span<const Frame> frames, std::span<const QueueId> words) {
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const QueueId word = words[i];
    if (word.is_drop()) {
      CountDrop(word.drop_reason());
    } else if (word.is_replicated()) {
      (void)Receive(frames[i]);
    } else if (!Deliver(word.queue(), frames[i], 0, RssType::kNone).drop) {
      regs_.Increment(R::kGPRC);
    }
  }
}

QueueDelivery Nic::Deliver(std::uint32_t queue, Frame frame, std::uint32_t rss_hash,
                           RssType rss_type) {
  QueueDelivery result{queue, std::nullopt, 0};
  auto drop = [&](DropReason reason) {
    result.drop = reason;
    CountDrop(reason);
    regs_.Increment(R::kQPRDC, queue);
    return result;
  };
  if (regs_.Get(R::kRXDCTL, queue, f::kRxdctlEnable) == 0) return drop(DropReason::kQueueDisabled);
  // The device owns descriptors [RDH, RDT); RDH == RDT means none is free.
  const std::uint32_t count = (regs_.Get(R::kRDLEN, queue, f::kRdlenLen) << 7) / kDescriptorBytes;
  const std::uint32_t head = regs_.Get(R::kRDH, queue);
  const std::uint32_t tail = regs_.Get(R::kRDT, queue);
  if (count == 0 || head >= count || tail >= count || head == tail) {
    return drop(DropReason::kNoDescriptor);
  }
  const std::uint64_t ring = (std::uint64_t{regs_.Get(R::kRDBAH, queue)} << 32) |
                             (regs_.Get(R::kRDBAL, queue, f::kRdbalBase) << 7);
  const std::uint64_t descriptor = ring + std::uint64_t{head} * kDescriptorBytes;
  std::uint64_t buffer = 0;
  if (!memory_.Contains(descriptor, kDescriptorBytes) || !memory_.Read64(descriptor, buffer)) {
    return drop(DropReason::kDmaError);
  }

  // VLAN stripping (RXDCTL.VME) moves the tag into the descriptor.
  const auto l2 =
      ParseL2(frame, static_cast<std::uint16_t>(regs_.Get(R::kVLNCTRL, 0, f::kVlnctrlVet)));
  const bool strip = l2 && l2->tagged && regs_.Get(R::kRXDCTL, queue, f::kRxdctlVme) != 0;
  // The frame goes into the buffer as it came, less the tag when it was stripped.
  const Frame head_bytes = strip ? frame.first(12) : frame;
  const Frame tail_bytes = strip ? frame.subspan(12 + kVlanTagBytes) : Frame{};
  const std::size_t length = head_bytes.size() + tail_bytes.size();
  const std::uint32_t buffer_size = regs_.Get(R::kSRRCTL, queue, f::kSrrctlBsize) * 1024;
  if (length > buffer_size) return drop(DropReason::kBufferTooSmall);
  if (!memory_.Contains(buffer, length)) return drop(DropReason::kDmaError);
  memory_.Write(buffer, head_bytes);  // in range: checked above
  memory_.Write(buffer + head_bytes.size(), tail_bytes);

  const std::uint32_t status = kStatusDd | kStatusEop | (strip ? kStatusVp : 0);
  const std::uint64_t qword0 =
      static_cast<std::uint64_t>(rss_type) | (std::uint64_t{rss_hash} << 32);
  const std::uint64_t qword1 = status |
                               (std::uint64_t{static_cast<std::uint32_t>(length) & 0xFFFF} << 32) |
                               (std::uint64_t{strip ? l2->tci : std::uint16_t{0}} << 48);
  memory_.Write64(descriptor, qword0);  // in range: checked above
  memory_.Write64(descriptor + 8, qword1);

  result.descriptor = head;
  regs_.Set(R::kRDH, queue, (head + 1) % count);
  regs_.Increment(R::kQPRC, queue);
  RaiseInterrupt(queue);
  return result;
}

std::optional<InterruptTarget> Nic::InterruptTargetOfQueue(std::uint32_t queue) const {
  if (queue >= profile().queues) return std::nullopt;
  const std::uint32_t ivar = regs_.Get(R::kIVAR, queue / 2);
  const bool odd = (queue & 1) != 0;
  const bool valid = (odd ? f::kIvarRx1Valid : f::kIvarRx0Valid).Get(ivar) != 0;
  const std::uint32_t vector = (odd ? f::kIvarRx1 : f::kIvarRx0).Get(ivar);
  if (!valid || vector >= profile().msix_vectors) return std::nullopt;
  InterruptTarget target;
  target.vector = vector;
  target.masked = regs_.Get(R::kMSIXTVCTRL, vector, f::kMsixMask) != 0;
  // x86 MSI: address 0xFEEx_xxxx, destination APIC id in bits 19:12 (E-410).
  const std::uint32_t address = regs_.Get(R::kMSIXTADD, vector);
  if ((address & 0xFFF0'0000u) == 0xFEE0'0000u && regs_.Get(R::kMSIXTUADD, vector) == 0) {
    target.processor = (address >> 12) & 0xFF;
  }
  return target;
}

void Nic::RaiseInterrupt(std::uint32_t queue) {
  const auto target = InterruptTargetOfQueue(queue);
  if (!target) return;  // no valid IVAR entry: no cause to raise
  const std::uint32_t word = target->vector / 32;
  const std::uint32_t bit = 1u << (target->vector % 32);
  regs_.Set(R::kEICR, word, regs_.Get(R::kEICR, word) | bit);
  const bool enabled = (regs_.Get(R::kEIMS, word) & bit) != 0;
  if (enabled && !target->masked && interrupts_.size() < kInterruptLogLimit) {
    interrupts_.push_back(InterruptEvent{queue, target->vector, target->processor});
  }
}

}  // namespace vmqkit::hwref
