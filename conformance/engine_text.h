#pragma once
// What the engine's findings and step views say, shared by its files (engine.cpp,
// engine_compare.cpp, engine_oid.cpp, engine_receive.cpp): rule sources, names of statuses and
// OIDs, and the field-by-field difference of capability structures. Internal to conformance/.
#include <string>
#include <vector>

#include "conformance/device.h"
#include "ndis/oids.h"
#include "ndis/structures.h"
#include "spec/vmq_model.h"

namespace vmqkit::conformance {

inline constexpr const char* kReadRulesSource =
    "[WDD] standardized-inf-keywords-for-vmq, handling-sr-iov--vmq--and-rss-standardized-inf-"
    "keywords; docs/errata.md E-016";
inline constexpr const char* kHardwareCapsSource =
    "[WDD] standardized-inf-keywords-for-vmq (\"must always report the complete ... hardware "
    "capabilities\"); [WDD] oid-receive-filter-hardware-capabilities";
inline constexpr const char* kCurrentCapsSource =
    "[WDD] standardized-inf-keywords-for-vmq (current capabilities follow the keywords); [DDI] "
    "ns-ntddndis-_ndis_receive_filter_capabilities";
inline constexpr const char* kFreeSource =
    "[WDD] freeing-a-vm-queue; [WDD] queue-states-and-operations";
inline constexpr const char* kRouteSource =
    "[WDD] vmq-receive-filters; [WDD] queue-states-and-operations";
inline constexpr const char* kIndicationSource =
    "[WDD] vmq-receive-path; [DDI] NET_BUFFER_LIST filtering info";

std::string StatusName(std::uint32_t status);
std::string OidName(ndis::Oid oid);
// "receive-filter-allocate-queue": the OID in a finding's rule and message.
std::string OidSlug(ndis::Oid oid);
std::string Join(const std::vector<std::string>& items);
// The model's status and the set it permits.
std::string PermittedText(const spec::StepResult& r);
// What the DUT indicated, reported and completed in a step, each item after "; ".
std::string ObservedText(const Observed& observed);
// Field-by-field difference of two capability structures, for a readable finding.
// Member-by-member difference of two NDIS_RECEIVE_QUEUE_PARAMETERS ("NumSuggestedReceiveBuffers
// 4 -> 5, ...").
std::string QueueParametersDiff(const ndis::ReceiveQueueParameters& sent,
                                const ndis::ReceiveQueueParameters& returned);
std::string CapsDiff(const ndis::ReceiveFilterCapabilities& expected,
                     const ndis::ReceiveFilterCapabilities& actual);

}  // namespace vmqkit::conformance
