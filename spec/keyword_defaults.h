#pragma once
// Defaults of a keyword that the page gives by Windows release, adapter speed and MSI-X rather
// than as one value: *MaxRssProcessors ([WDD] standardized-inf-keywords-for-rss, editable keywords
// table). The catalog's default_value (16) is the 10 Gbps MSI-X row; docs/errata.md E-022.
#include <cstdint>
#include <span>
#include <string_view>

#include "spec/windows_release.h"

namespace vmqkit::spec {

struct MaxRssProcessorsDefaultRow {
  bool windows_8_or_later;  // "Windows 8 defaults" (Windows Server 2012 on), else "Windows Server
                            // 2008"
  bool msi_x;               // Windows 8 rows only: "For NICs with (no) MSI-X support"
  bool ten_gig;             // "10G adapters" (10 Gbps or faster), else "1G or slower"
  std::int64_t processors;
};
std::span<const MaxRssProcessorsDefaultRow> MaxRssProcessorsDefaults();

// The default for an adapter that supports `speed_bps` on `release`; speeds between 1 and 10 Gbps
// take the 1G row (as the VMSMP values and E-707 split at 10 Gbps).
std::int64_t MaxRssProcessorsDefault(WindowsServer release, std::uint64_t speed_bps, bool msi_x);

}  // namespace vmqkit::spec
