#pragma once
// The filter-path task, defined once for every implementation in vmq_bench (docs/benchmarks.md):
// N VMQ filters (destination MAC + VLAN id, or MAC + untagged-or-zero) on Q queues, and a batch of
// 64-byte frames (60 bytes here: the FCS is not stored) with a parameterised mix of tagged,
// untagged and priority-tagged (VID 0) hits, misses and broadcasts. The answer for every frame is
// a queue id with the VMQ semantics: the queue of the matching filter, else the default queue 0.
// The expected answers come from the spec model's routing (the readable oracle), and every
// implementation's answers are compared with them before it is timed.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vmqkit::bench {

// Frame kinds of the mix. A hit addresses an installed filter with the VLAN form it accepts; a
// miss is an unknown unicast address, or an installed address with a VLAN form its filter does
// not accept (another queue's VLAN, or untagged for a VLAN filter).
enum class FrameKind : std::uint8_t {
  kHitTagged,
  kHitUntagged,
  kHitPriorityTagged,  // 802.1Q tag with VID 0 to an untagged-or-zero filter
  kMissUnknownMac,
  kMissWrongVlan,
  kBroadcast,  // untagged or tagged with a VLAN some queue uses
};
inline constexpr std::size_t kFrameKinds = 6;
std::string_view ToString(FrameKind kind);

// Relative weights of the frame kinds (they need not sum to anything).
struct TaskMix {
  std::array<double, kFrameKinds> weight = {50, 10, 10, 15, 10, 5};
};

struct TaskFilter {
  std::uint64_t mac = 0;    // packed as RAL/RAH hold it: first byte on the wire in bits 7:0
  std::uint16_t vlan = 0;   // 0: untagged-or-zero
  std::uint32_t queue = 0;  // 1..queues
  std::uint32_t filter_id = 0;
};

inline constexpr std::size_t kFrameBytes = 60;   // 64 on the wire with the FCS
inline constexpr std::size_t kFrameStride = 64;  // frames sit one per cache line
inline constexpr std::uint32_t kMaxTaskQueues = 32;

struct TaskShape {
  std::uint32_t filters = 16;
  std::uint32_t queues = 0;  // 0: min(filters, kMaxTaskQueues)
  std::size_t frames = 4096;
  TaskMix mix;
  std::uint32_t seed = 20261121;
};

class FilterTask {
 public:
  explicit FilterTask(const TaskShape& shape);

  const TaskShape& shape() const { return shape_; }
  std::uint32_t queues() const { return queues_; }
  // Queue q (1..queues) takes untagged-or-zero filters when VlanOfQueue(q) == 0.
  static std::uint16_t VlanOfQueue(std::uint32_t queue);
  const std::vector<TaskFilter>& filters() const { return filters_; }
  std::size_t frame_count() const { return kinds_.size(); }
  std::span<const std::uint8_t> frame(std::size_t i) const {
    return {storage_.data() + i * kFrameStride, kFrameBytes};
  }
  FrameKind kind(std::size_t i) const { return kinds_[i]; }
  // The spec model's answer per frame; filled by SetExpected (bench/model_oracle.h).
  const std::vector<std::uint32_t>& expected() const { return expected_; }
  void SetExpected(std::vector<std::uint32_t> expected) { expected_ = std::move(expected); }

 private:
  TaskShape shape_;
  std::uint32_t queues_ = 0;
  std::vector<TaskFilter> filters_;
  std::vector<std::uint8_t> storage_;
  std::vector<FrameKind> kinds_;
  std::vector<std::uint32_t> expected_;
};

// The destination MAC (packed) and the VLAN class (VID, 0 for untagged and priority-tagged) of a
// frame, as the hash-map peers key it; nullopt for a frame shorter than its header.
struct FrameKey {
  std::uint64_t mac = 0;
  std::uint16_t vlan = 0;
};
std::optional<FrameKey> KeyOf(std::span<const std::uint8_t> frame);
inline std::uint64_t PackKey(std::uint64_t mac, std::uint16_t vlan) {
  return mac | (std::uint64_t{vlan} << 48);
}

// The first frame where `got` differs from the model, described for SkipWithError; nullopt when
// every answer is the model's.
std::optional<std::string> FirstMismatch(const FilterTask& task,
                                         std::span<const std::uint32_t> got);

// The tasks of the benchmark sizes, built once per process and checked against the model once.
const FilterTask& TaskOfSize(std::uint32_t filters);

}  // namespace vmqkit::bench
