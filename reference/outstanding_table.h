#pragma once
// The indicated frames the OS has not returned yet (MiniportReturnNetBufferLists): cookie ->
// QueueId in constant time without an allocation per frame. A cookie is a slot and the slot's
// use count, so a cookie returned twice, or one the driver never gave, matches nothing.
#include <cstdint>
#include <optional>
#include <vector>

namespace vmqkit::reference {

class OutstandingTable {
 public:
  std::uint64_t Add(std::uint32_t queue_id) {
    std::uint32_t slot = 0;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.push_back(Slot{});
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    Slot& s = slots_[slot];
    ++s.uses;  // from 1: no cookie is 0
    s.queue_id = queue_id;
    s.held = true;
    return (std::uint64_t{s.uses} << 32) | slot;
  }
  // The QueueId of the frame, which is returned now; nullopt if not outstanding.
  std::optional<std::uint32_t> Remove(std::uint64_t cookie) {
    const auto slot = static_cast<std::uint32_t>(cookie);
    if (slot >= slots_.size()) return std::nullopt;
    Slot& s = slots_[slot];
    if (!s.held || s.uses != static_cast<std::uint32_t>(cookie >> 32)) return std::nullopt;
    s.held = false;
    free_.push_back(slot);
    return s.queue_id;
  }
  void Clear() {
    free_.clear();
    for (std::uint32_t slot = 0; slot < slots_.size(); ++slot) {
      slots_[slot].held = false;
      free_.push_back(slot);
    }
  }

 private:
  struct Slot {
    std::uint32_t uses = 0;
    std::uint32_t queue_id = 0;
    bool held = false;
  };
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
};

}  // namespace vmqkit::reference
