#include "bench/filter_task.h"

#include <algorithm>
#include <map>
#include <memory>
#include <random>

#include "bench/model_oracle.h"

namespace vmqkit::bench {
namespace {

constexpr std::uint64_t kBroadcast = 0xFFFF'FFFF'FFFFull;

// Filter i's address: 00:15:5D (the Hyper-V prefix) then i, as consecutive vNIC addresses are.
std::uint64_t FilterMac(std::uint32_t i) {
  return 0x00ull | (0x15ull << 8) | (0x5Dull << 16) | (std::uint64_t{(i >> 16) & 0xFF} << 24) |
         (std::uint64_t{(i >> 8) & 0xFF} << 32) | (std::uint64_t{i & 0xFF} << 40);
}

void WriteFrame(std::uint8_t* p, std::uint64_t mac, std::optional<std::uint16_t> tci,
                std::uint32_t serial) {
  std::fill(p, p + kFrameStride, std::uint8_t{0});
  for (int b = 0; b < 6; ++b) p[b] = static_cast<std::uint8_t>(mac >> (8 * b));
  const std::uint8_t source[6] = {0x02, 0x00, 0x5E, 0x10, 0x00, 0x01};
  std::copy(source, source + 6, p + 6);
  std::size_t at = 12;
  if (tci) {
    p[at++] = 0x81;
    p[at++] = 0x00;
    p[at++] = static_cast<std::uint8_t>(*tci >> 8);
    p[at++] = static_cast<std::uint8_t>(*tci);
  }
  p[at++] = 0x08;  // IPv4 EtherType; the payload is zero padding with a serial number
  p[at++] = 0x00;
  for (int b = 0; b < 4; ++b) p[kFrameBytes - 1 - b] = static_cast<std::uint8_t>(serial >> (8 * b));
}

}  // namespace

std::string_view ToString(FrameKind kind) {
  switch (kind) {
    case FrameKind::kHitTagged:
      return "hit-tagged";
    case FrameKind::kHitUntagged:
      return "hit-untagged";
    case FrameKind::kHitPriorityTagged:
      return "hit-vid0";
    case FrameKind::kMissUnknownMac:
      return "miss-unknown-mac";
    case FrameKind::kMissWrongVlan:
      return "miss-wrong-vlan";
    case FrameKind::kBroadcast:
      return "broadcast";
  }
  return "?";
}

std::uint16_t FilterTask::VlanOfQueue(std::uint32_t queue) {
  // Every fourth queue (2, 6, 10, ...) is an untagged guest; the others have a VLAN of their own,
  // so a queue's filters share one VLAN class (what one vNIC per queue gives).
  return queue % 4 == 2 ? 0 : static_cast<std::uint16_t>(100 + queue);
}

FilterTask::FilterTask(const TaskShape& shape) : shape_(shape) {
  queues_ = shape.queues != 0 ? shape.queues : std::min(shape.filters, kMaxTaskQueues);
  queues_ = std::max(queues_, 1u);
  std::mt19937_64 rng(shape.seed);
  filters_.reserve(shape.filters);
  std::vector<std::uint32_t> tagged, untagged;
  for (std::uint32_t i = 0; i < shape.filters; ++i) {
    const std::uint32_t queue = 1 + i % queues_;
    filters_.push_back(TaskFilter{FilterMac(i), VlanOfQueue(queue), queue, i + 1});
    (filters_.back().vlan == 0 ? untagged : tagged).push_back(i);
  }
  std::vector<std::uint16_t> vlans;  // VLANs in use, for misses and broadcasts
  for (std::uint32_t q = 1; q <= queues_; ++q) {
    if (VlanOfQueue(q) != 0) vlans.push_back(VlanOfQueue(q));
  }
  if (vlans.empty()) vlans.push_back(4000);  // a VLAN nobody uses

  std::discrete_distribution<std::size_t> pick_kind(shape.mix.weight.begin(),
                                                    shape.mix.weight.end());
  auto pick = [&rng](std::size_t n) {
    return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng));
  };
  auto tci_of = [&rng](std::uint16_t vid) {
    return static_cast<std::uint16_t>((std::uniform_int_distribution<int>(0, 7)(rng) << 13) | vid);
  };
  storage_.assign(shape.frames * kFrameStride, 0);
  kinds_.reserve(shape.frames);
  for (std::size_t k = 0; k < shape.frames; ++k) {
    auto kind = static_cast<FrameKind>(pick_kind(rng));
    // A hit of a form no filter has (e.g. untagged hits with only VLAN queues) becomes a miss.
    if (kind == FrameKind::kHitTagged && tagged.empty()) kind = FrameKind::kMissWrongVlan;
    if ((kind == FrameKind::kHitUntagged || kind == FrameKind::kHitPriorityTagged) &&
        untagged.empty()) {
      kind = FrameKind::kMissWrongVlan;
    }
    std::uint64_t mac = 0;
    std::optional<std::uint16_t> tci;
    switch (kind) {
      case FrameKind::kHitTagged: {
        const TaskFilter& f = filters_[tagged[pick(tagged.size())]];
        mac = f.mac;
        tci = tci_of(f.vlan);
        break;
      }
      case FrameKind::kHitUntagged:
        mac = filters_[untagged[pick(untagged.size())]].mac;
        break;
      case FrameKind::kHitPriorityTagged:
        mac = filters_[untagged[pick(untagged.size())]].mac;
        tci = tci_of(0);
        break;
      case FrameKind::kMissUnknownMac:
        // 00:15:5E:...: never installed (filters use 00:15:5D).
        mac = 0x5E1500ull | ((rng() & 0xFFFFFF) << 24);
        if (rng() & 1) tci = tci_of(vlans[pick(vlans.size())]);
        break;
      case FrameKind::kMissWrongVlan: {
        const TaskFilter& f = filters_[pick(filters_.size())];
        mac = f.mac;
        if (f.vlan != 0) {
          // Untagged, or a VLAN that is not the filter's.
          const std::uint16_t other = vlans[pick(vlans.size())];
          if (other != f.vlan) tci = tci_of(other);
        } else {
          tci = tci_of(vlans[pick(vlans.size())]);
        }
        break;
      }
      case FrameKind::kBroadcast:
        mac = kBroadcast;
        if (rng() & 1) tci = tci_of(vlans[pick(vlans.size())]);
        break;
    }
    WriteFrame(storage_.data() + k * kFrameStride, mac, tci, static_cast<std::uint32_t>(k));
    kinds_.push_back(kind);
  }
}

std::optional<FrameKey> KeyOf(std::span<const std::uint8_t> frame) {
  if (frame.size() < 14) return std::nullopt;
  const std::uint8_t* p = frame.data();
  FrameKey key;
  key.mac = std::uint64_t{p[0]} | (std::uint64_t{p[1]} << 8) | (std::uint64_t{p[2]} << 16) |
            (std::uint64_t{p[3]} << 24) | (std::uint64_t{p[4]} << 32) | (std::uint64_t{p[5]} << 40);
  if (p[12] == 0x81 && p[13] == 0x00) {
    if (frame.size() < 18) return std::nullopt;
    key.vlan = static_cast<std::uint16_t>(((p[14] << 8) | p[15]) & 0x0FFF);
  }
  return key;
}

std::optional<std::string> FirstMismatch(const FilterTask& task,
                                         std::span<const std::uint32_t> got) {
  const auto& expected = task.expected();
  if (got.size() != expected.size()) {
    return "answered " + std::to_string(got.size()) + " frames of " +
           std::to_string(expected.size());
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] == expected[i]) continue;
    auto name = [](std::uint32_t q) {
      return q == kDroppedQueue ? std::string("drop") : "queue " + std::to_string(q);
    };
    return "frame " + std::to_string(i) + " (" + std::string(ToString(task.kind(i))) + ", " +
           std::to_string(task.shape().filters) + " filters): got " + name(got[i]) +
           ", the model says " + name(expected[i]);
  }
  return std::nullopt;
}

const FilterTask& TaskOfSize(std::uint32_t filters) {
  // Built once per size: the model answers for 65536 filters take a second.
  static std::map<std::uint32_t, std::unique_ptr<FilterTask>> tasks;
  auto& slot = tasks[filters];
  if (!slot) {
    TaskShape shape;
    shape.filters = filters;
    slot = std::make_unique<FilterTask>(shape);
    const spec::RouteState state = RouteStateOf(*slot);
    std::vector<std::uint32_t> expected(slot->frame_count());
    for (std::size_t i = 0; i < expected.size(); ++i)
      expected[i] = ModelQueue(state, slot->frame(i));
    slot->SetExpected(std::move(expected));
  }
  return *slot;
}

}  // namespace vmqkit::bench
