#include "ndis/version.h"

#include <charconv>

namespace vmqkit::ndis {

std::optional<NdisVersion> ParseNdisVersion(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || text.size() - dot - 1 != 2) return std::nullopt;
  unsigned major = 0;
  unsigned minor = 0;
  const auto* begin = text.data();
  auto [p1, e1] = std::from_chars(begin, begin + dot, major);
  if (e1 != std::errc{} || p1 != begin + dot || major > 255) return std::nullopt;
  auto [p2, e2] = std::from_chars(begin + dot + 1, begin + text.size(), minor);
  if (e2 != std::errc{} || p2 != begin + text.size()) return std::nullopt;
  return NdisVersion{static_cast<std::uint8_t>(major), static_cast<std::uint8_t>(minor)};
}

std::string ToString(NdisVersion version) {
  std::string minor = std::to_string(version.minor);
  if (minor.size() < 2) minor.insert(0, 1, '0');
  return std::to_string(version.major) + "." + minor;
}

}  // namespace vmqkit::ndis
