#pragma once
// How NDIS assigns queue and filter ids: the lowest id in [first, last] not in use ([WDD]
// allocating-a-vm-queue, setting-a-vmq-filter). Used by the model and by the conformance engine
// (which tells the DUT the id NDIS chose).
#include <cstdint>

namespace vmqkit::spec {

// The lowest id in [first, last] the map (ordered, keyed by id) does not hold, 0 when every one
// is taken. One pass over the ids in use from `first` on, no lookups: thousands of filters are
// set one after the other.
inline std::uint32_t LowestFreeId(const auto& map, std::uint32_t first, std::uint32_t last) {
  std::uint32_t id = first;
  for (auto it = map.lower_bound(first); it != map.end() && it->first == id; ++it) {
    if (id == 0xFFFFFFFFu) return 0;
    ++id;
  }
  return id <= last && id != 0 ? id : 0;
}

}  // namespace vmqkit::spec
