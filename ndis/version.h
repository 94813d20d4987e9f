#pragma once
// NDIS versions as the documents name them ("NDIS 6.30"): major.minor, ordered.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vmqkit::ndis {

struct NdisVersion {
  std::uint8_t major = 6;
  std::uint8_t minor = 30;

  friend constexpr auto operator<=>(const NdisVersion&, const NdisVersion&) = default;
};

inline constexpr NdisVersion kNdis620{6, 20};
inline constexpr NdisVersion kNdis630{6, 30};
inline constexpr NdisVersion kNdis640{6, 40};
inline constexpr NdisVersion kNdis650{6, 50};
inline constexpr NdisVersion kNdis660{6, 60};
inline constexpr NdisVersion kNdis680{6, 80};
inline constexpr NdisVersion kNdis682{6, 82};
inline constexpr NdisVersion kNdis684{6, 84};

// "6.30" -> {6,30}; the minor part is two digits as the documents write it ("6.3" is rejected so
// that "6.3" and "6.30" cannot be confused).
std::optional<NdisVersion> ParseNdisVersion(std::string_view text);
std::string ToString(NdisVersion version);

}  // namespace vmqkit::ndis
