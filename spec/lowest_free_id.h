#pragma once
// How NDIS assigns queue and filter ids: the lowest id in [first, last] not in use ([WDD]
// allocating-a-vm-queue, setting-a-vmq-filter). Used by the model and by the conformance engine
// (which tells the DUT the id NDIS chose).
#include <cstdint>
#include <iterator>

namespace vmqkit::spec {

// The lowest id in [first, last] the map (ordered, keyed by id) does not hold, 0 when every one
// is taken. One pass over the ids in use from `first` on, no lookups: thousands of filters are
// set one after the other.
inline std::uint32_t LowestFreeId(const auto& map, std::uint32_t first, std::uint32_t last) {
  const auto from_first = map.lower_bound(first);
  if (from_first != map.end()) {
    // The ids from `first` on without a gap (the usual case): one past the largest, at once.
    std::size_t below = 0;  // ids under `first` (the default queue 0 at most)
    for (auto it = map.begin(); it != from_first; ++it) ++below;
    const std::uint32_t largest = std::prev(map.end())->first;
    if (std::uint64_t{largest} - first + 1 == map.size() - below) {
      return largest != 0xFFFFFFFFu && largest + 1 <= last ? largest + 1 : 0;
    }
  }
  std::uint32_t id = first;
  for (auto it = from_first; it != map.end() && it->first == id; ++it) {
    if (id == 0xFFFFFFFFu) return 0;
    ++id;
  }
  return id <= last && id != 0 ? id : 0;
}

}  // namespace vmqkit::spec
