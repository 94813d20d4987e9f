#pragma once
// The receive-filter OIDs as one table: name, value, request kinds, who answers, first NDIS
// version. Values: [HDR] ntddndis.h; kinds and answering side: [WDD] oid-receive-filter-* pages
// ("NDIS handles this OID for miniport drivers"), collected in ndis-vmq-facts.md section 4.1.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ndis/version.h"

namespace vmqkit::ndis {

using Oid = std::uint32_t;

inline constexpr Oid kOidReceiveFilterHardwareCapabilities = 0x00010221;
inline constexpr Oid kOidReceiveFilterGlobalParameters = 0x00010222;
inline constexpr Oid kOidReceiveFilterAllocateQueue = 0x00010223;
inline constexpr Oid kOidReceiveFilterFreeQueue = 0x00010224;
inline constexpr Oid kOidReceiveFilterEnumQueues = 0x00010225;
inline constexpr Oid kOidReceiveFilterQueueParameters = 0x00010226;
inline constexpr Oid kOidReceiveFilterSetFilter = 0x00010227;
inline constexpr Oid kOidReceiveFilterClearFilter = 0x00010228;
inline constexpr Oid kOidReceiveFilterEnumFilters = 0x00010229;
inline constexpr Oid kOidReceiveFilterParameters = 0x0001022A;
inline constexpr Oid kOidReceiveFilterQueueAllocationComplete = 0x0001022B;
inline constexpr Oid kOidReceiveFilterCurrentCapabilities = 0x0001022D;
inline constexpr Oid kOidReceiveFilterMoveFilter = 0x00010230;

// NDIS_REQUEST_TYPE values as NDIS_OID_REQUEST.RequestType carries them ([HDR] ntddndis.h).
enum class RequestKind : std::uint8_t { kQuery = 0, kSet = 1, kMethod = 12 };
std::string_view ToString(RequestKind kind);  // "query", "set", "method"
std::optional<RequestKind> ParseRequestKind(std::string_view text);

// Which side completes the request: NDIS from its own state, or the miniport.
enum class Answerer : std::uint8_t { kNdis, kMiniport };
std::string_view ToString(Answerer answerer);

struct OidRequestRule {
  RequestKind kind;
  Answerer answerer;
};

struct OidInfo {
  std::string_view name;  // without the OID_RECEIVE_FILTER_ prefix, e.g. "ALLOCATE_QUEUE"
  Oid value;
  OidRequestRule rules[2];  // one or two documented request kinds
  std::uint8_t rule_count;
  NdisVersion since;
  std::string_view source;  // doc page slug
};

std::span<const OidInfo> OidTable();
const OidInfo* FindOid(Oid value);
// "ALLOCATE_QUEUE", "OID_RECEIVE_FILTER_ALLOCATE_QUEUE" (any case) or "0x00010223".
const OidInfo* FindOid(std::string_view name_or_value);
// The documented rule for this kind of request, or nullptr when the kind is not documented.
const OidRequestRule* FindRule(const OidInfo& oid, RequestKind kind);
std::string FullName(const OidInfo& oid);  // "OID_RECEIVE_FILTER_ALLOCATE_QUEUE"

}  // namespace vmqkit::ndis
