#pragma once
// The receive-filter capabilities the sources permit, as sets, not as one structure: which members
// a VMQ or SR-IOV miniport must fill, which it may fill because its device does more (a richer
// device is legal: the hardware capabilities are "the complete hardware receive filtering
// capabilities that the network adapter can support"), and which current capabilities each
// permitted interface allows. The engine judges a DUT's capabilities only through these functions,
// so no comparison is exact where the documents allow several outcomes (issue 19).
// Sources: [DDI] ns-ntddndis-_ndis_receive_filter_capabilities; [WDD]
// determining-the-vmq-capabilities-of-a-network-adapter,
// determining-receive-filtering-capabilities,
// handling-sr-iov--vmq--and-rss-standardized-inf-keywords. Decisions: docs/errata.md E-019..E-021.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ndis/structures.h"
#include "ndis/version.h"
#include "spec/advertise_rules.h"
#include "spec/capabilities.h"

namespace vmqkit::spec {

// One flag of a bit-set member and the NDIS versions that define it.
struct CapabilityFlagRow {
  std::string_view member;  // "SupportedFilterTests"
  std::uint32_t ndis::ReceiveFilterCapabilities::*field;
  std::uint32_t bit;
  std::string_view flag;  // NDIS_RECEIVE_FILTER_...
  ndis::NdisVersion since;
  std::optional<ndis::NdisVersion> until;  // not allowed from this version on
};
// Every flag the DDI page (and ntddndis.h) defines for the bit-set members, in member order.
std::span<const CapabilityFlagRow> CapabilityFlagTable();

// What a miniport may report as its hardware capabilities beyond CheckCapabilities' rules: only
// flags its NDIS version defines, the packet-coalescing members together ("must support five or
// more" / "ten or more" when the adapter coalesces, 0 otherwise), the reserved members 0, and on
// hardware without VMQ a header only (E-655). Empty when the structure is in the permitted set.
std::vector<CapabilityViolation> JudgeHardwareCapabilities(
    ndis::NdisVersion version, bool vmq_hardware, const ndis::ReceiveFilterCapabilities& hw);

// What the keywords enabled, for the current capabilities.
struct CurrentSettings {
  ndis::NdisVersion version = ndis::kNdis630;
  bool vlan_filtering = false;   // *VMQVlanFiltering enabled (E-011)
  bool lookahead_split = false;  // *VMQLookaheadSplit enabled (NDIS 6.20, E-012)
};

// The recommended current capabilities of `interface` on `hardware`: the hardware copy for VMQ
// (minus VLAN_ID / LOOKAHEAD_SPLIT when their keywords are off; NumQueues 0 with SR-IOV), the
// SR-IOV-only structure of E-010 (VM_QUEUE_SUPPORTED, no VM queues, NumQueues 0,
// VMQ_FILTERS_ENABLED), and a header only for RSS or none.
ndis::ReceiveFilterCapabilities RecommendedCurrent(const ndis::ReceiveFilterCapabilities& hardware,
                                                   ReceiveInterface interface,
                                                   const CurrentSettings& settings);

// Every way `current` departs from what `interface` permits on `hardware`; "should" departures are
// marked so (only --strict fails them). Empty: `current` is a permitted current structure.
std::vector<CapabilityViolation> JudgeCurrentCapabilities(
    const ndis::ReceiveFilterCapabilities& hardware, ReceiveInterface interface,
    const CurrentSettings& settings, const ndis::ReceiveFilterCapabilities& current);

// The permitted interface a DUT's current capabilities realise: the recommended one first, then
// the others in order. Unset when none fits (then the recommended one's violations explain why).
struct CurrentJudgement {
  std::optional<ReceiveInterface> chosen;
  std::vector<CapabilityViolation> violations;  // of the recommended interface when none fits
};
// Everything about a DUT's two structures: CheckCapabilities' rules, JudgeHardwareCapabilities,
// then the current structure against the permitted interfaces (the recommended one first).
// Violations marked `should` count only with `strict`; the first violations found are returned.
CurrentJudgement JudgeCapabilities(const CapabilityCheckInput& input,
                                   std::span<const ReceiveInterface> permitted,
                                   const CurrentSettings& settings, bool strict);

CurrentJudgement JudgeCurrentAgainstPermitted(const ndis::ReceiveFilterCapabilities& hardware,
                                              std::span<const ReceiveInterface> permitted,
                                              const CurrentSettings& settings,
                                              const ndis::ReceiveFilterCapabilities& current,
                                              bool strict);

}  // namespace vmqkit::spec
