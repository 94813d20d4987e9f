#include "reference/filter_tables.h"

namespace vmqkit::reference {

std::optional<std::uint32_t> SharedEntryTable::Find(std::uint64_t key) const {
  for (std::uint32_t i = 0; i < size(); ++i) {
    if ((slots_[i].references > 0 || slots_[i].pinned) && slots_[i].key == key) return i;
  }
  return std::nullopt;
}

bool SharedEntryTable::CanAcquire(std::uint64_t key) const {
  if (Find(key)) return true;
  for (const Slot& slot : slots_) {
    if (slot.references == 0 && !slot.pinned) return true;
  }
  return false;
}

std::optional<std::uint32_t> SharedEntryTable::Acquire(std::uint64_t key) {
  if (auto index = Find(key)) {
    ++slots_[*index].references;
    return index;
  }
  for (std::uint32_t i = 0; i < size(); ++i) {
    if (slots_[i].references == 0 && !slots_[i].pinned) {
      slots_[i].key = key;
      slots_[i].references = 1;
      return i;
    }
  }
  return std::nullopt;
}

std::optional<SharedEntryTable::Released> SharedEntryTable::Release(std::uint64_t key) {
  auto index = Find(key);
  if (!index || slots_[*index].references == 0) return std::nullopt;
  Slot& slot = slots_[*index];
  --slot.references;
  return Released{*index, slot.references == 0 && !slot.pinned};
}

void SharedEntryTable::Pin(std::uint32_t index, std::uint64_t key) {
  slots_[index].key = key;
  slots_[index].pinned = true;
}

std::uint32_t SharedEntryTable::in_use() const {
  std::uint32_t n = 0;
  for (const Slot& slot : slots_) n += (slot.references > 0 || slot.pinned) ? 1u : 0u;
  return n;
}

}  // namespace vmqkit::reference
