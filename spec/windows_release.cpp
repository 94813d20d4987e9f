#include "spec/windows_release.h"

#include <array>

#include "base/text.h"

namespace vmqkit::spec {
namespace {

using W = WindowsServer;

// [WDD] overview-of-ndis-versions: Windows Server 2008 R2 6.20, 2012 6.30, 2012 R2 6.40,
// 2016 (Windows 10 1607) 6.60, 2019 (Windows 10 1809) 6.82, 2022 6.85.
constexpr std::array<WindowsServerRow, 6> kReleases{{
    {W::k2008R2, "2008r2", {6, 20}},
    {W::k2012, "2012", {6, 30}},
    {W::k2012R2, "2012r2", {6, 40}},
    {W::k2016, "2016", {6, 60}},
    {W::k2019, "2019", {6, 82}},
    {W::k2022, "2022", {6, 85}},
}};

const WindowsServerRow& RowOf(W release) {
  for (const WindowsServerRow& row : kReleases) {
    if (row.release == release) return row;
  }
  return kReleases.front();
}

}  // namespace

std::span<const WindowsServerRow> WindowsServerReleases() {
  return kReleases;
}

std::string_view ToString(WindowsServer release) {
  return RowOf(release).name;
}

std::optional<WindowsServer> ParseWindowsServer(std::string_view name) {
  for (const WindowsServerRow& row : kReleases) {
    if (EqualsIgnoreCase(row.name, name)) return row.release;
  }
  return std::nullopt;
}

ndis::NdisVersion NdisOf(WindowsServer release) {
  return RowOf(release).ndis;
}

WindowsServer DefaultWindowsServer(ndis::NdisVersion version) {
  for (const WindowsServerRow& row : kReleases) {
    if (row.ndis >= version) return row.release;
  }
  return kReleases.back().release;
}

bool Runs(ndis::NdisVersion version, WindowsServer release) {
  return NdisOf(release) >= version || release == kReleases.back().release;
}

}  // namespace vmqkit::spec
