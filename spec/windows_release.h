#pragma once
// The Windows Server release a miniport runs on, apart from the NDIS version the miniport is
// written for: a 6.20 miniport loads on Windows Server 2012 too, and what "system default" means
// for the Hyper-V switch (TenGigVmqEnabled / BelowTenGigVmqEnabled) and the *MaxRssProcessors
// default follow the release, not the miniport ([WDD] standardized-inf-keywords-for-vmq, Reserved
// Registry Keywords: "0=System default (disabled for Windows Server 2008 R2)";
// standardized-inf-keywords-for-rss: "Windows Server 2008 defaults ... Windows 8 defaults").
// The release -> NDIS table is [WDD] overview-of-ndis-versions; docs/errata.md E-013.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ndis/version.h"

namespace vmqkit::spec {

enum class WindowsServer : std::uint8_t { k2008R2, k2012, k2012R2, k2016, k2019, k2022 };

struct WindowsServerRow {
  WindowsServer release;
  std::string_view name;   // as `vmqkit advertise --os` spells it: "2008r2", "2012", ...
  ndis::NdisVersion ndis;  // the NDIS version the release ships
};
// Oldest first.
std::span<const WindowsServerRow> WindowsServerReleases();

std::string_view ToString(WindowsServer release);
std::optional<WindowsServer> ParseWindowsServer(std::string_view name);
ndis::NdisVersion NdisOf(WindowsServer release);
// The default release for a miniport of `version`: the first release whose NDIS is at least
// `version` (the oldest server the miniport loads on); the newest one beyond the table.
WindowsServer DefaultWindowsServer(ndis::NdisVersion version);
// A miniport of `version` loads on `release`: the release's NDIS is at least `version`.
bool Runs(ndis::NdisVersion version, WindowsServer release);

}  // namespace vmqkit::spec
