#include "hwref/register_file.h"

#include <algorithm>
#include <mutex>

namespace vmqkit::hwref {
namespace {
constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
}

std::string_view ToString(BusErrorKind kind) {
  switch (kind) {
    case BusErrorKind::kUnknownOffset:
      return "unknown-offset";
    case BusErrorKind::kMisaligned:
      return "misaligned";
    case BusErrorKind::kWrongWidth:
      return "wrong-width";
  }
  return "?";
}

RegisterLayout::RegisterLayout(const Profile& profile) {
  const auto table = RegisterTable();
  base_slot_.resize(table.size());
  count_.resize(table.size());
  std::uint32_t max_offset = 0;
  for (const RegisterSpec& spec : table) {
    const auto i = static_cast<std::size_t>(spec.id);
    count_[i] = InstanceCount(spec.dim, profile);
    base_slot_[i] = slot_count_;
    slot_count_ += count_[i];
    for (std::uint32_t k = 0; k < count_[i]; ++k) {
      max_offset = std::max(max_offset, OffsetOf(spec, k, profile));
    }
  }
  slot_by_word_.assign(max_offset / 4 + 1, kNoSlot);
  id_by_slot_.resize(slot_count_);
  index_by_slot_.resize(slot_count_);
  for (const RegisterSpec& spec : table) {
    const auto i = static_cast<std::size_t>(spec.id);
    for (std::uint32_t k = 0; k < count_[i]; ++k) {
      const std::uint32_t slot = base_slot_[i] + k;
      id_by_slot_[slot] = spec.id;
      index_by_slot_[slot] = k;
      std::uint32_t& word = slot_by_word_[OffsetOf(spec, k, profile) / 4];
      if (word != kNoSlot) ++overlaps_;
      word = slot;
    }
  }
}

std::optional<RegisterLayout::Decoded> RegisterLayout::Decode(std::uint32_t offset) const {
  if (offset % 4 != 0 || offset / 4 >= slot_by_word_.size()) return std::nullopt;
  const std::uint32_t slot = slot_by_word_[offset / 4];
  if (slot == kNoSlot) return std::nullopt;
  return Decoded{id_by_slot_[slot], index_by_slot_[slot], slot};
}

namespace {

// The layout depends only on the profile and never changes: computed once per profile (its
// offset decode table is the size of the MMIO window, and adapters are created by the thousand
// in a conformance run), shared read-only.
std::shared_ptr<const RegisterLayout> LayoutOf(const Profile& profile) {
  static std::mutex mutex;
  static std::vector<std::pair<Profile, std::shared_ptr<const RegisterLayout>>> layouts;
  const std::lock_guard lock(mutex);
  for (const auto& [known, layout] : layouts) {
    if (known.kind == profile.kind && known.address_entries == profile.address_entries &&
        known.vlan_filters == profile.vlan_filters && known.pools == profile.pools &&
        known.queues == profile.queues && known.msix_vectors == profile.msix_vectors) {
      return layout;
    }
  }
  layouts.emplace_back(profile, std::make_shared<const RegisterLayout>(profile));
  return layouts.back().second;
}

}  // namespace

RegisterFile::RegisterFile(const Profile& profile) : profile_(profile), layout_(LayoutOf(profile)) {
  values_.resize(layout_->slot_count());
  Reset();
}

void RegisterFile::Reset() {
  for (const RegisterSpec& spec : RegisterTable()) {
    const std::uint32_t n = layout_->Count(spec.id);
    const std::uint32_t base = layout_->Slot(spec.id, 0);
    std::fill_n(values_.begin() + base, n, spec.reset);
  }
  ++filter_generation_;
}

void RegisterFile::Set(RegisterId id, std::uint32_t index, std::uint32_t value) {
  values_[layout_->Slot(id, index)] = value & WritableMaskOf(id);
  if (Spec(id).filter) ++filter_generation_;
}

void RegisterFile::RecordBusError(std::uint32_t offset, std::uint8_t width, Direction direction,
                                  BusErrorKind kind) {
  ++bus_error_count_;
  if (bus_errors_.size() < kBusErrorLogLimit) {
    bus_errors_.push_back(BusError{offset, width, direction, kind});
  }
}

void RegisterFile::Trace(std::uint32_t offset, std::uint32_t value, Direction direction,
                         bool bus_error) {
  if (trace_enabled_) trace_.push_back(TraceEntry{offset, value, direction, bus_error});
}

std::uint64_t RegisterFile::MmioRead(std::uint32_t offset, std::uint8_t width) {
  const std::uint64_t all_ones =
      width >= 8 ? ~std::uint64_t{0} : ((std::uint64_t{1} << (8 * width)) - 1);
  std::optional<BusErrorKind> error;
  if (width != 4) {
    error = BusErrorKind::kWrongWidth;
  } else if (offset % 4 != 0) {
    error = BusErrorKind::kMisaligned;
  }
  const auto decoded = error ? std::nullopt : layout_->Decode(offset);
  if (!error && !decoded) error = BusErrorKind::kUnknownOffset;
  if (error) {
    RecordBusError(offset, width, Direction::kRead, *error);
    Trace(offset, static_cast<std::uint32_t>(all_ones), Direction::kRead, true);
    return all_ones;
  }
  std::uint32_t& stored = values_[decoded->slot];
  std::uint32_t value = stored;
  switch (Spec(decoded->id).access) {
    case Access::kWO:
      value = 0;
      break;
    case Access::kRC:
      stored = 0;
      break;
    case Access::kRW:
    case Access::kRO:
    case Access::kW1C:
    case Access::kW1S:
      break;
  }
  Trace(offset, value, Direction::kRead, false);
  return value;
}

void RegisterFile::MmioWrite(std::uint32_t offset, std::uint8_t width, std::uint64_t value64) {
  const auto value = static_cast<std::uint32_t>(value64);
  std::optional<BusErrorKind> error;
  if (width != 4) {
    error = BusErrorKind::kWrongWidth;
  } else if (offset % 4 != 0) {
    error = BusErrorKind::kMisaligned;
  }
  const auto decoded = error ? std::nullopt : layout_->Decode(offset);
  if (!error && !decoded) error = BusErrorKind::kUnknownOffset;
  Trace(offset, value, Direction::kWrite, error.has_value());
  if (error) {
    RecordBusError(offset, width, Direction::kWrite, *error);
    return;
  }
  const RegisterSpec& spec = Spec(decoded->id);
  const std::uint32_t writable = WritableMaskOf(decoded->id);
  std::uint32_t& stored = values_[decoded->slot];
  switch (spec.access) {
    case Access::kRW: {
      stored = value & writable & ~SelfClearingMaskOf(decoded->id);
      if (decoded->id == RegisterId::kCTRL && field::kCtrlRst.Get(value) != 0) Reset();
      break;
    }
    case Access::kW1C:
      stored &= ~(value & writable);
      break;
    case Access::kW1S:
      stored |= value & writable;
      break;
    case Access::kWO:
      // EIMC is the one write-only register: its ones clear the matching EIMS bits.
      if (decoded->id == RegisterId::kEIMC) {
        values_[layout_->Slot(RegisterId::kEIMS, decoded->index)] &= ~(value & writable);
      }
      break;
    case Access::kRO:
    case Access::kRC:
      break;  // writes to read-only registers and counters are ignored (E-411)
  }
  if (spec.filter) ++filter_generation_;
}

}  // namespace vmqkit::hwref
