#include "spec/keyword_defaults.h"

#include <array>

namespace vmqkit::spec {
namespace {

// "Windows Server 2008 defaults: 8 for 1G or slower adapters, 16 for 10G adapters. Windows 8
// defaults: For NICs with no MSI-X support - 2 for 1GbE or slower adapters, 4 for 10 GbE adapters.
// For NICs with MSI-X support - 4 for 1GbE or slower adapters, 16 for 10 GbE adapters."
constexpr std::array<MaxRssProcessorsDefaultRow, 8> kRows{{
    {false, false, false, 8},
    {false, false, true, 16},
    {false, true, false, 8},
    {false, true, true, 16},
    {true, false, false, 2},
    {true, false, true, 4},
    {true, true, false, 4},
    {true, true, true, 16},
}};

}  // namespace

std::span<const MaxRssProcessorsDefaultRow> MaxRssProcessorsDefaults() {
  return kRows;
}

std::int64_t MaxRssProcessorsDefault(WindowsServer release, std::uint64_t speed_bps, bool msi_x) {
  const bool windows_8 = release != WindowsServer::k2008R2;
  const bool ten_gig = speed_bps >= 10'000'000'000ULL;
  for (const MaxRssProcessorsDefaultRow& row : kRows) {
    if (row.windows_8_or_later == windows_8 && row.msi_x == msi_x && row.ten_gig == ten_gig) {
      return row.processors;
    }
  }
  return 16;  // unreachable: the rows cover every combination (a test pins it)
}

}  // namespace vmqkit::spec
