#pragma once
// Which receive interface a miniport advertises as currently enabled (RSS, VMQ, SR-IOV, none),
// which keywords it must and must not read on the way, and whether the Hyper-V switch then uses
// VMQ. Sources: [WDD] standardized-inf-keywords-for-vmq ("Handling VMQ and RSS INF Keywords",
// "Reserved Registry Keywords"), handling-sr-iov--vmq--and-rss-standardized-inf-keywords; the
// seed KB 2681638. Decisions where they are silent: docs/errata.md. The must-read / must-not-read
// rules are the table of spec/advertise_rules.h.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ndis/version.h"
#include "spec/advertise_rules.h"
#include "spec/keyword_reader.h"
#include "spec/registry.h"
#include "spec/windows_release.h"

namespace vmqkit::spec {

struct AdvertiseInput {
  HardwareSupport hardware;
  ndis::NdisVersion ndis = ndis::kNdis630;  // the miniport's NDIS version
  // The fastest speed the adapter supports: VMSMP's values are for "all 10 gigabits per second
  // (Gbps) network adapters" and "all network adapters that support less than 10 Gbps" ([WDD]
  // standardized-inf-keywords-for-vmq), a property of the adapter, not of the current link.
  std::uint64_t supported_speed_bps = 10'000'000'000ULL;
  // The Windows Server release the miniport runs on; unset: DefaultWindowsServer(ndis), the first
  // release of that NDIS version (docs/errata.md E-013).
  std::optional<WindowsServer> os = std::nullopt;
};
// The release the decision assumes for an input.
WindowsServer OsOf(const AdvertiseInput& input);

struct AdvertiseDecision {
  Preference preference = Preference::kRss;
  // The interface the model recommends (the documented row, or errata's choice), and every
  // interface the sources permit for this input (the recommendation is always among them).
  ReceiveInterface interface = ReceiveInterface::kNone;
  std::vector<ReceiveInterface> permitted;
  std::string row;                         // the decision-table row that applied, e.g. "vmq-rss/1"
  bool documented_row = true;              // false when the row is an errata decision
  std::vector<std::string> must_read;      // canonical names, catalog order (AdvertiseReadRules)
  std::vector<std::string> must_not_read;  // canonical names, catalog order (AdvertiseReadRules)
  std::vector<KeywordReading> readings;    // the values the decision used
  bool vmq_lookahead_split = false;        // current LOOKAHEAD_SPLIT enablement (NDIS 6.20 only)
  bool vmq_vlan_filtering = false;  // current VLAN-id filtering enablement (VMQ or SR-IOV enabled)
  bool vswitch_uses_vmq = false;
  std::vector<Diagnostic> diagnostics;
};

// One row of a documented decision table, as data. Cells compare effective values (absent and
// ignored values take the catalog default, so "0 or absent" is the cell 0 for the preferences).
enum class Cell : std::uint8_t { kAny, kZero, kOne };
struct DecisionRow {
  std::string_view id;
  Cell sriov_preferred;
  Cell rss_or_vmq_preference;
  Cell sriov;
  Cell vmq;
  Cell rss;
  ReceiveInterface recommended;
  std::span<const ReceiveInterface> permitted;  // includes `recommended`
  bool documented;                              // false: an errata row (docs/errata.md names it)
  std::string_view source;                      // doc page, or errata entry
};
// Table of the VMQ page ("Handling VMQ and RSS INF Keywords"), for hardware without SR-IOV.
std::span<const DecisionRow> RssVmqTable();
// Table of the SR-IOV page, for hardware with SR-IOV; the errata rows follow the documented ones.
std::span<const DecisionRow> SriovVmqRssTable();

AdvertiseDecision DecideAdvertisement(const AdvertiseInput& input, const RegistryKey& adapter,
                                      const RegistryKey& vmsmp_parameters);

}  // namespace vmqkit::spec
