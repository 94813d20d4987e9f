#include "ndis/oids.h"

#include <array>

#include "base/text.h"

namespace vmqkit::ndis {
namespace {

using enum RequestKind;
using enum Answerer;

constexpr std::array kOids = {
    OidInfo{"HARDWARE_CAPABILITIES",
            kOidReceiveFilterHardwareCapabilities,
            {{kQuery, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-hardware-capabilities"},
    OidInfo{"GLOBAL_PARAMETERS",
            kOidReceiveFilterGlobalParameters,
            {{kQuery, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-global-parameters"},
    OidInfo{"ALLOCATE_QUEUE",
            kOidReceiveFilterAllocateQueue,
            {{kMethod, kMiniport}, {}},
            1,
            kNdis620,
            "oid-receive-filter-allocate-queue"},
    OidInfo{"FREE_QUEUE",
            kOidReceiveFilterFreeQueue,
            {{kSet, kMiniport}, {}},
            1,
            kNdis620,
            "oid-receive-filter-free-queue"},
    OidInfo{"ENUM_QUEUES",
            kOidReceiveFilterEnumQueues,
            {{kQuery, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-enum-queues"},
    // Method requests are queries NDIS answers from its cache; set requests go to the miniport.
    OidInfo{"QUEUE_PARAMETERS",
            kOidReceiveFilterQueueParameters,
            {{kMethod, kNdis}, {kSet, kMiniport}},
            2,
            kNdis620,
            "oid-receive-filter-queue-parameters"},
    OidInfo{"SET_FILTER",
            kOidReceiveFilterSetFilter,
            {{kMethod, kMiniport}, {}},
            1,
            kNdis620,
            "oid-receive-filter-set-filter"},
    OidInfo{"CLEAR_FILTER",
            kOidReceiveFilterClearFilter,
            {{kSet, kMiniport}, {}},
            1,
            kNdis620,
            "oid-receive-filter-clear-filter"},
    OidInfo{"ENUM_FILTERS",
            kOidReceiveFilterEnumFilters,
            {{kMethod, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-enum-filters"},
    OidInfo{"PARAMETERS",
            kOidReceiveFilterParameters,
            {{kMethod, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-parameters"},
    OidInfo{"QUEUE_ALLOCATION_COMPLETE",
            kOidReceiveFilterQueueAllocationComplete,
            {{kMethod, kMiniport}, {}},
            1,
            kNdis620,
            "oid-receive-filter-queue-allocation-complete"},
    OidInfo{"CURRENT_CAPABILITIES",
            kOidReceiveFilterCurrentCapabilities,
            {{kQuery, kNdis}, {}},
            1,
            kNdis620,
            "oid-receive-filter-current-capabilities"},
    OidInfo{"MOVE_FILTER",
            kOidReceiveFilterMoveFilter,
            {{kSet, kMiniport}, {}},
            1,
            kNdis630,
            "oid-receive-filter-move-filter"},
};

}  // namespace

std::string_view ToString(RequestKind kind) {
  switch (kind) {
    case kQuery:
      return "query";
    case kSet:
      return "set";
    case kMethod:
      return "method";
  }
  return "?";
}

std::optional<RequestKind> ParseRequestKind(std::string_view text) {
  for (RequestKind kind : {kQuery, kSet, kMethod}) {
    if (EqualsIgnoreCase(ToString(kind), text)) return kind;
  }
  return std::nullopt;
}

std::string_view ToString(Answerer answerer) {
  return answerer == kNdis ? "ndis" : "miniport";
}

std::span<const OidInfo> OidTable() {
  return kOids;
}

const OidInfo* FindOid(Oid value) {
  for (const auto& oid : kOids) {
    if (oid.value == value) return &oid;
  }
  return nullptr;
}

const OidInfo* FindOid(std::string_view name_or_value) {
  if (auto value = ParseHexU32(name_or_value)) return FindOid(*value);
  std::string_view name = StripPrefixIgnoreCase(name_or_value, "OID_RECEIVE_FILTER_");
  for (const auto& oid : kOids) {
    if (EqualsIgnoreCase(oid.name, name)) return &oid;
  }
  return nullptr;
}

const OidRequestRule* FindRule(const OidInfo& oid, RequestKind kind) {
  for (std::uint8_t i = 0; i < oid.rule_count; ++i) {
    if (oid.rules[i].kind == kind) return &oid.rules[i];
  }
  return nullptr;
}

std::string FullName(const OidInfo& oid) {
  return "OID_RECEIVE_FILTER_" + std::string(oid.name);
}

}  // namespace vmqkit::ndis
