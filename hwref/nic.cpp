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

std::size_t Nic::ReceiveDecided(std::span<const Frame> frames, std::span<const QueueId> words) {
  if (views_.size() != profile().queues) views_.assign(profile().queues, RingView{});
  const auto vlan_ethertype = static_cast<std::uint16_t>(regs_.Get(R::kVLNCTRL, 0, f::kVlnctrlVet));
  std::uint32_t received = 0;  // GPRC
  std::size_t i = 0;
  for (; i < frames.size(); ++i) {
    const QueueId word = words[i];
    if (word.is_drop()) {
      CountDrop(word.drop_reason());
      continue;
    }
    if (word.is_replicated() || word.queue() >= views_.size()) {
      if (i != 0) break;  // Receive reads the registers this call holds: write them back first
      (void)Receive(frames[i]);
      continue;
    }
    const std::uint32_t queue = word.queue();
    RingView& view = LoadRing(queue);
    std::optional<DropReason> drop;
    if (!view.enabled) {
      drop = DropReason::kQueueDisabled;
    } else if (view.count == 0 || view.head >= view.count || view.tail >= view.count) {
      drop = DropReason::kNoDescriptor;
    } else if (view.head == view.tail) {
      // The driver may clean the ring first, unless this call found it full already.
      if (i != 0 && !view.found_full) break;
      view.found_full = true;
      drop = DropReason::kNoDescriptor;
    } else {
      drop = DeliverInto(view, frames[i], vlan_ethertype);
    }
    if (drop) {
      CountDrop(*drop);
      regs_.Increment(R::kQPRDC, queue);
    } else {
      ++received;
    }
  }
  if (received != 0) regs_.Add(R::kGPRC, 0, received);
  FinishBurst();
  return i;
}

Nic::RingView& Nic::LoadRing(std::uint32_t queue) {
  RingView& view = views_[queue];
  if (view.loaded) return view;
  view.loaded = true;
  view_order_.push_back(queue);
  view.enabled = regs_.Get(R::kRXDCTL, queue, f::kRxdctlEnable) != 0;
  view.strip_vlan = regs_.Get(R::kRXDCTL, queue, f::kRxdctlVme) != 0;
  view.count = (regs_.Get(R::kRDLEN, queue, f::kRdlenLen) << 7) / kDescriptorBytes;
  view.head = regs_.Get(R::kRDH, queue);
  view.tail = regs_.Get(R::kRDT, queue);
  view.buffer_size = regs_.Get(R::kSRRCTL, queue, f::kSrrctlBsize) * 1024;
  view.ring = (std::uint64_t{regs_.Get(R::kRDBAH, queue)} << 32) |
              (regs_.Get(R::kRDBAL, queue, f::kRdbalBase) << 7);
  view.delivered = 0;
  view.found_full = false;
  return view;
}

std::optional<DropReason> Nic::DeliverInto(RingView& view, Frame frame,
                                           std::uint16_t vlan_ethertype) {
  // The steps of Deliver, on the decoded registers.
  const std::uint64_t descriptor = view.ring + std::uint64_t{view.head} * kDescriptorBytes;
  std::uint8_t* const descriptor_bytes = memory_.Bytes(descriptor, kDescriptorBytes);
  if (descriptor_bytes == nullptr) return DropReason::kDmaError;
  const std::uint64_t buffer = LoadLe64(descriptor_bytes);
  // VLAN stripping: ParseL2's tag (a VET EtherType and the whole tag present) at its offsets.
  const bool strip = view.strip_vlan && frame.size() >= 12 + kVlanTagBytes + 2 &&
                     ((frame[12] << 8) | frame[13]) == vlan_ethertype;
  const auto tci = static_cast<std::uint16_t>(strip ? (frame[14] << 8) | frame[15] : 0);
  const Frame head_bytes = strip ? frame.first(12) : frame;
  const Frame tail_bytes = strip ? frame.subspan(12 + kVlanTagBytes) : Frame{};
  const std::size_t length = head_bytes.size() + tail_bytes.size();
  if (length > view.buffer_size) return DropReason::kBufferTooSmall;
  std::uint8_t* const bytes = memory_.Bytes(buffer, length);
  if (bytes == nullptr) return DropReason::kDmaError;
  CopyFrameBytes(bytes, head_bytes.data(), head_bytes.size());
  CopyFrameBytes(bytes + head_bytes.size(), tail_bytes.data(), tail_bytes.size());
  const std::uint32_t status = kStatusDd | kStatusEop | (strip ? kStatusVp : 0);
  StoreLe64(descriptor_bytes, 0);  // RSS type and hash: RSS is off on this path
  StoreLe64(descriptor_bytes + 8,
            status | (std::uint64_t{static_cast<std::uint32_t>(length) & 0xFFFF} << 32) |
                (std::uint64_t{tci} << 48));
  view.head = (view.head + 1) % view.count;
  ++view.delivered;
  return std::nullopt;
}

// The call's registers written back, and one interrupt per queue that received.
void Nic::FinishBurst() {
  for (const std::uint32_t queue : view_order_) {
    RingView& view = views_[queue];
    view.loaded = false;
    if (view.delivered == 0) continue;
    regs_.Set(R::kRDH, queue, view.head);
    regs_.Add(R::kQPRC, queue, view.delivered);
    RaiseInterrupt(queue);
  }
  view_order_.clear();
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
