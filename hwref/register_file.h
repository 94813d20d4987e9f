#pragma once
// The device's register storage and its MMIO semantics, decoded from the register table:
// 32-bit accesses at byte offsets, access classes, reserved bits, bus errors, reset, trace.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "hwref/profile.h"
#include "hwref/register_map.h"

namespace vmqkit::hwref {

enum class Direction : std::uint8_t { kRead, kWrite };

enum class BusErrorKind : std::uint8_t {
  kUnknownOffset,  // no register at this offset in this profile
  kMisaligned,     // offset not a multiple of 4
  kWrongWidth,     // not a 4-byte access
};
std::string_view ToString(BusErrorKind kind);

struct BusError {
  std::uint32_t offset = 0;
  std::uint8_t width = 0;
  Direction direction = Direction::kRead;
  BusErrorKind kind = BusErrorKind::kUnknownOffset;
};

struct TraceEntry {
  std::uint32_t offset = 0;
  std::uint32_t value = 0;  // the value written, or the value the read returned
  Direction direction = Direction::kRead;
  bool bus_error = false;
  friend bool operator==(const TraceEntry&, const TraceEntry&) = default;
};

// A bus error read completes with all ones, as an unsupported request does on PCIe (E-411).
inline constexpr std::uint32_t kBusErrorReadValue = 0xFFFFFFFFu;
// At most this many bus errors are kept; bus_error_count() keeps counting past it.
inline constexpr std::size_t kBusErrorLogLimit = 1024;

// Where every (register, instance) lives in a profile, and which register an offset decodes to.
class RegisterLayout {
 public:
  explicit RegisterLayout(const Profile& profile);

  struct Decoded {
    RegisterId id;
    std::uint32_t index;
    std::uint32_t slot;
  };
  std::optional<Decoded> Decode(std::uint32_t offset) const;
  std::uint32_t Slot(RegisterId id, std::uint32_t index) const {
    return base_slot_[static_cast<std::size_t>(id)] + index;
  }
  std::uint32_t Count(RegisterId id) const { return count_[static_cast<std::size_t>(id)]; }
  std::uint32_t slot_count() const { return slot_count_; }
  // Instances that landed on an offset another instance already holds (0 for a sound table).
  std::uint32_t overlaps() const { return overlaps_; }

 private:
  std::vector<std::uint32_t> base_slot_;
  std::vector<std::uint32_t> count_;
  std::vector<std::uint32_t> slot_by_word_;  // offset / 4 -> slot, kNoSlot when unmapped
  std::vector<RegisterId> id_by_slot_;
  std::vector<std::uint32_t> index_by_slot_;
  std::uint32_t slot_count_ = 0;
  std::uint32_t overlaps_ = 0;
};

class RegisterFile {
 public:
  explicit RegisterFile(const Profile& profile);

  const Profile& profile() const { return profile_; }
  const RegisterLayout& layout() const { return *layout_; }

  // The bus side: what a driver does. Width is in bytes; only 4 is a valid access.
  std::uint64_t MmioRead(std::uint32_t offset, std::uint8_t width);
  void MmioWrite(std::uint32_t offset, std::uint8_t width, std::uint64_t value);
  std::uint32_t Read32(std::uint32_t offset) {
    return static_cast<std::uint32_t>(MmioRead(offset, 4));
  }
  void Write32(std::uint32_t offset, std::uint32_t value) { MmioWrite(offset, 4, value); }
  // By name, for drivers and tests that program the device: the offset comes from the table.
  std::uint32_t Read(RegisterId id, std::uint32_t index = 0) {
    return Read32(OffsetOf(Spec(id), index, profile_));
  }
  void Write(RegisterId id, std::uint32_t index, std::uint32_t value) {
    Write32(OffsetOf(Spec(id), index, profile_), value);
  }

  // The device side: no access-class side effects, no trace.
  std::uint32_t Get(RegisterId id, std::uint32_t index = 0) const {
    return values_[layout_->Slot(id, index)];
  }
  std::uint32_t Get(RegisterId id, std::uint32_t index, const FieldSpec& f) const {
    return f.Get(Get(id, index));
  }
  void Set(RegisterId id, std::uint32_t index, std::uint32_t value);
  void Increment(RegisterId id, std::uint32_t index = 0) { ++values_[layout_->Slot(id, index)]; }
  // `count` increments at once (a counter over a burst).
  void Add(RegisterId id, std::uint32_t index, std::uint32_t count) {
    values_[layout_->Slot(id, index)] += count;
  }

  // Every register back to its reset value (CTRL.RST, power-on).
  void Reset();
  // Bumped by every write that can change a filter decision, and by Reset().
  std::uint64_t filter_generation() const { return filter_generation_; }

  const std::vector<BusError>& bus_errors() const { return bus_errors_; }
  std::uint64_t bus_error_count() const { return bus_error_count_; }

  void EnableTrace(bool on) { trace_enabled_ = on; }
  const std::vector<TraceEntry>& trace() const { return trace_; }
  void ClearTrace() { trace_.clear(); }

 private:
  void RecordBusError(std::uint32_t offset, std::uint8_t width, Direction direction,
                      BusErrorKind kind);
  void Trace(std::uint32_t offset, std::uint32_t value, Direction direction, bool bus_error);

  Profile profile_;
  // Immutable, one per profile, shared by every register file of that profile (LayoutOf).
  std::shared_ptr<const RegisterLayout> layout_;
  std::vector<std::uint32_t> values_;
  std::uint64_t filter_generation_ = 0;
  std::vector<BusError> bus_errors_;
  std::uint64_t bus_error_count_ = 0;
  bool trace_enabled_ = false;
  std::vector<TraceEntry> trace_;
};

}  // namespace vmqkit::hwref
