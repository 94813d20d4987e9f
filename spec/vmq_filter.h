#pragma once
// VMQ receive filters: validating an NDIS_RECEIVE_FILTER_PARAMETERS for a VM queue and testing a
// frame against a valid filter. Sources: [WDD] vmq-receive-filters, setting-a-vmq-filter;
// [DDI] ns-ntddndis-_ndis_receive_filter_field_parameters; [SAMPLE] netvmini vmq.c
// IsSupportedRxFilter. Decisions where they are silent: docs/errata.md E-306..E-309.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "ndis/frame.h"
#include "ndis/status.h"
#include "ndis/structures.h"
#include "ndis/version.h"

namespace vmqkit::spec {

// Which component refuses a request: NDIS (its own checks before the miniport sees it) or the
// miniport.
enum class Side : std::uint8_t { kNdis, kMiniport };
std::string_view ToString(Side side);

struct Rejection {
  ndis::NdisStatus status = ndis::NdisStatus::kInvalidParameter;
  Side side = Side::kMiniport;
  std::string rule;    // short id, e.g. "filter.vlan-needs-vlan-filtering"
  std::string source;  // doc page or errata entry
  std::string reason;
};

// A valid VMQ filter in the model's terms.
struct VmqFilter {
  ndis::MacAddress mac;
  std::optional<std::uint16_t> vlan_id;  // a VlanId Equal test
  bool untagged_or_zero = false;  // NDIS_RECEIVE_FILTER_FIELD_MAC_HEADER_VLAN_UNTAGGED_OR_ZERO
  friend bool operator==(const VmqFilter&, const VmqFilter&) = default;
};

struct FilterContext {
  ndis::NdisVersion version = ndis::kNdis630;
  const ndis::ReceiveFilterCapabilities* current = nullptr;  // the current capabilities
};

struct FilterValidation {
  std::variant<VmqFilter, Rejection> result;
  // Where the sources let the miniport either accept or refuse (a MAC-only filter without the
  // flag from NDIS 6.30): true, and `result` holds the model's recommended choice (accept).
  bool refusal_also_permitted = false;
};

FilterValidation ValidateVmqFilter(const ndis::ReceiveFilterParameters& params,
                                   const FilterContext& context);

// Field tests ANDed: the destination MAC equal, and the VLAN test / flag as [WDD]
// setting-a-vmq-filter describes. A frame with an 802.1ad service tag has no 802.1Q VLAN as far
// as a filter is concerned (E-305 handles such frames in routing).
bool Matches(const VmqFilter& filter, const ndis::FrameView& frame);
// The VLAN part of the filter alone.
bool MatchesVlan(const VmqFilter& filter, const ndis::FrameView& frame);

std::string Describe(const VmqFilter& filter);  // "00:15:5d:00:00:01 vlan 10"

}  // namespace vmqkit::spec
