#include "spec/vmq_filter.h"

#include "ndis/constants.h"

namespace vmqkit::spec {
namespace {

using ndis::NdisStatus;

constexpr const char* kSetFilterPage = "[WDD] setting-a-vmq-filter";
constexpr const char* kReceiveFiltersPage = "[WDD] vmq-receive-filters";
constexpr const char* kFieldPage = "[DDI] ns-ntddndis-_ndis_receive_filter_field_parameters";

Rejection Refuse(std::string rule, std::string source, std::string reason) {
  return Rejection{NdisStatus::kInvalidParameter, Side::kMiniport, std::move(rule),
                   std::move(source), std::move(reason)};
}

}  // namespace

std::string_view ToString(Side side) {
  return side == Side::kNdis ? "ndis" : "miniport";
}

FilterValidation ValidateVmqFilter(const ndis::ReceiveFilterParameters& params,
                                   const FilterContext& context) {
  const std::uint32_t mac_fields =
      context.current != nullptr ? context.current->supported_mac_header_fields : 0;
  if (params.filter_type != ndis::ReceiveFilterType::kVmQueue) {
    return {Refuse("filter.type-vmqueue", kReceiveFiltersPage,
                   "FilterType " + std::to_string(static_cast<std::uint32_t>(params.filter_type)) +
                       " is not NdisReceiveFilterTypeVMQueue")};
  }
  if (params.fields.empty()) {
    return {Refuse("filter.has-mac-field", "docs/errata.md E-306",
                   "a VMQ filter needs a destination MAC address test; the array is empty")};
  }
  VmqFilter filter;
  int mac_count = 0;
  int vlan_count = 0;
  for (std::size_t i = 0; i < params.fields.size(); ++i) {
    const auto& field = params.fields[i];
    const std::string where = "field " + std::to_string(i) + ": ";
    if (field.frame_header != ndis::FrameHeader::kMac) {
      return {Refuse("filter.mac-header-only", kReceiveFiltersPage,
                     where + "FrameHeader is not NdisFrameHeaderMac")};
    }
    if (field.test != ndis::ReceiveFilterTest::kEqual) {
      return {Refuse("filter.equal-test-only", kReceiveFiltersPage,
                     where + "ReceiveFilterTest is not NdisReceiveFilterTestEqual")};
    }
    // The flag is a property of the MAC header test; it counts on whichever field carries it
    // (E-307).
    if ((field.flags & ndis::kFieldMacHeaderVlanUntaggedOrZero) != 0) {
      filter.untagged_or_zero = true;
    }
    switch (field.mac_field()) {
      case ndis::MacHeaderField::kDestinationAddress:
        if ((mac_fields & ndis::kMacHeaderDestAddrSupported) == 0) {
          return {Refuse("filter.field-supported", kSetFilterPage,
                         where + "destination address filtering is not in the current "
                                 "capabilities")};
        }
        ++mac_count;
        filter.mac.bytes = field.FieldMacAddress();
        break;
      case ndis::MacHeaderField::kVlanId: {
        if ((mac_fields & ndis::kMacHeaderVlanIdSupported) == 0) {
          return {Refuse("filter.vlan-needs-vlan-filtering", "[SAMPLE] vmq.c IsSupportedRxFilter",
                         where + "VLAN filtering is disabled (*VMQVlanFiltering or hardware)")};
        }
        const std::uint16_t vlan = field.FieldNetworkShort();
        if (vlan == 0 || vlan >= 0x0FFF) {
          return {Refuse("filter.vlan-id-range", "docs/errata.md E-309",
                         where + "VLAN id " + std::to_string(vlan) + " is not in 1..4094")};
        }
        ++vlan_count;
        filter.vlan_id = vlan;
        break;
      }
      default:
        return {Refuse("filter.dest-addr-or-vlan-only", kReceiveFiltersPage,
                       where + "only DestinationAddress and VlanId fields are VMQ fields")};
    }
  }
  if (mac_count != 1 || vlan_count > 1) {
    return {Refuse("filter.one-mac-at-most-one-vlan", "docs/errata.md E-306",
                   "a VMQ filter has exactly one destination MAC test and at most one VLAN test")};
  }
  if (filter.vlan_id && filter.untagged_or_zero) {
    return {Refuse("filter.vlan-xor-untagged-flag", kFieldPage,
                   "a VLAN id test together with VLAN_UNTAGGED_OR_ZERO")};
  }
  if (!filter.vlan_id && !filter.untagged_or_zero) {
    // 6.20: fail. 6.30+: filter on the MAC and strip any tag into the 802.1Q OOB info, or fail.
    if (context.version < ndis::kNdis630) {
      return {Refuse("filter.mac-only-needs-flag-6.20", kFieldPage,
                     "NDIS 6.20: a MAC filter without a VLAN test needs VLAN_UNTAGGED_OR_ZERO")};
    }
    return {filter, true};
  }
  return {filter, false};
}

bool MatchesVlan(const VmqFilter& filter, const ndis::FrameView& frame) {
  if (filter.vlan_id) {
    return !frame.service_tag && frame.tag && frame.tag->vlan_id == *filter.vlan_id;
  }
  if (filter.untagged_or_zero) return frame.UntaggedOrZero();
  return true;  // MAC-only filter (6.30+): any VLAN, the tag goes to the OOB info
}

bool Matches(const VmqFilter& filter, const ndis::FrameView& frame) {
  return frame.destination == filter.mac && MatchesVlan(filter, frame);
}

std::string Describe(const VmqFilter& filter) {
  std::string text = ndis::ToString(filter.mac);
  if (filter.vlan_id) text += " vlan " + std::to_string(*filter.vlan_id);
  if (filter.untagged_or_zero) text += " untagged-or-zero";
  if (!filter.vlan_id && !filter.untagged_or_zero) text += " any-vlan";
  return text;
}

}  // namespace vmqkit::spec
