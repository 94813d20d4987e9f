#pragma once
// Reference-counted hardware table entries: receive address entries (RAL/RAH + MPSAR) keyed by
// MAC address, and VLAN pool filters (VLVF + VLVFB) keyed by VLAN id. A key shared by several
// filters (one MAC on several VLANs, one VLAN on several queues) occupies one entry; the entry is
// released when its last filter goes. The tables hold bookkeeping only: the miniport writes the
// registers, so every hardware change stays visible in one place (miniport.cpp).
#include <cstdint>
#include <optional>
#include <vector>

namespace vmqkit::reference {

class SharedEntryTable {
 public:
  explicit SharedEntryTable(std::uint32_t entries) : slots_(entries) {}

  std::uint32_t size() const { return static_cast<std::uint32_t>(slots_.size()); }
  std::optional<std::uint32_t> Find(std::uint64_t key) const;
  // Whether Acquire(key) would succeed: the key has an entry or a free one exists.
  bool CanAcquire(std::uint64_t key) const;
  // Takes a reference, claiming a free entry for a new key. nullopt when the table is full.
  std::optional<std::uint32_t> Acquire(std::uint64_t key);
  struct Released {
    std::uint32_t index = 0;
    bool freed = false;  // the last reference went: the entry must be cleared in hardware
  };
  // Drops one reference; nullopt when the key has no entry.
  std::optional<Released> Release(std::uint64_t key);
  // An entry that never goes away (the default pool's VLAN entries on large tables, E-503).
  void Pin(std::uint32_t index, std::uint64_t key);
  std::uint32_t references(std::uint32_t index) const { return slots_[index].references; }
  std::uint32_t in_use() const;

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t references = 0;
    bool pinned = false;
  };
  std::vector<Slot> slots_;
};

}  // namespace vmqkit::reference
