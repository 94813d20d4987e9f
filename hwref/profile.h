#pragma once
// Device profiles: the sizes of the filter tables, chosen when the model is constructed. The
// 82599-like profile uses the sizes of ixgbe_82599.c; the large one stands for a modern NIC with
// thousands of address and VLAN entries and keeps every scaled array in its own MMIO window; the
// scale one is the large one with an exact-match table the size of a flow table (65536
// addresses), for the filter-path benchmark's largest N (E-804).
#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace vmqkit::hwref {

enum class ProfileKind : std::uint8_t { k82599, kLarge, kScale };

struct Profile {
  ProfileKind kind = ProfileKind::k82599;
  std::string_view name;
  std::uint32_t address_entries = 0;  // RAL/RAH + MPSAR entries
  std::uint32_t vlan_filters = 0;     // VLVF + VLVFB entries
  std::uint32_t pools = 0;            // VMDq pools (at most 64: pool bitmaps are 64-bit, E-402)
  std::uint32_t queues = 0;           // receive queues
  std::uint32_t msix_vectors = 0;     // MSI-X table entries (IVAR entries hold 7-bit vectors)
};

// ixgbe_82599.c: 128 RAR entries, 128 Rx queues; 64 VLVF entries; 64 pools; 64 MSI-X vectors.
inline constexpr Profile k82599Profile{ProfileKind::k82599, "82599", 128, 64, 64, 128, 64};
// A modern NIC: thousands of filter entries, more queues and vectors, still 64 pools (E-402).
inline constexpr Profile kLargeProfile{ProfileKind::kLarge, "large", 4096, 4096, 64, 1024, 128};
// The large NIC with 65536 address entries; its windows are the large profile's (E-804).
inline constexpr Profile kScaleProfile{ProfileKind::kScale, "scale", 65536, 4096, 64, 1024, 128};

// "82599", "large" or "scale"; anything else is a usage error naming the accepted values.
Result<Profile> ProfileByName(std::string_view name);

}  // namespace vmqkit::hwref
