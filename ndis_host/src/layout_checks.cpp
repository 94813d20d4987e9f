// The host's C declarations (ndis_host/include) match vmqkit's wire vocabulary (ndis/): every
// member of every receive-filter structure sits at the offset ndis/structure_fields.h names, the
// revision sizes agree, and the OID and status values are the same numbers. A mismatch does not
// compile. Nothing here runs.
#include <ndis.h>

#include <cstddef>
#include <string_view>

#include "ndis/constants.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structure_fields.h"
#include "vmqkit/dut.h"

namespace vmqkit::ndis_host {
namespace {

using ndis::Structure;

constexpr bool At(Structure s, std::string_view member, std::size_t offset) {
  const auto field = ndis::FindMember(s, member);
  return field.has_value() && field->offset == offset;
}

#define VMQKIT_AT(S, TYPE, MEMBER) \
  static_assert(At(Structure::S, #MEMBER, offsetof(TYPE, MEMBER)), #TYPE "." #MEMBER)

VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, Header.Type);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, Header.Revision);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, Header.Size);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, Flags);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, EnabledFilterTypes);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, EnabledQueueTypes);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, NumQueues);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedQueueProperties);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedFilterTests);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedHeaders);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedMacHeaderFields);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MaxMacHeaderFilters);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MaxQueueGroups);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MaxQueuesPerQueueGroup);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MinLookaheadSplitSize);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MaxLookaheadSplitSize);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedARPHeaderFields);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedIPv4HeaderFields);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedIPv6HeaderFields);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, SupportedUdpHeaderFields);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES,
          MaxFieldTestsPerPacketCoalescingFilter);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, MaxPacketCoalescingFilters);
VMQKIT_AT(kReceiveFilterCapabilities, NDIS_RECEIVE_FILTER_CAPABILITIES, NdisReserved);

VMQKIT_AT(kReceiveFilterGlobalParameters, NDIS_RECEIVE_FILTER_GLOBAL_PARAMETERS, Flags);
VMQKIT_AT(kReceiveFilterGlobalParameters, NDIS_RECEIVE_FILTER_GLOBAL_PARAMETERS,
          EnabledFilterTypes);
VMQKIT_AT(kReceiveFilterGlobalParameters, NDIS_RECEIVE_FILTER_GLOBAL_PARAMETERS, EnabledQueueTypes);

VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, Flags);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, QueueType);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, QueueId);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, QueueGroupId);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, ProcessorAffinity.Mask);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, ProcessorAffinity.Group);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, NumSuggestedReceiveBuffers);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, MSIXTableEntry);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, LookaheadSize);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, VmName);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, QueueName);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, PortId);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, InterruptCoalescingDomainId);
VMQKIT_AT(kReceiveQueueParameters, NDIS_RECEIVE_QUEUE_PARAMETERS, QoSSqId);

VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, Flags);
VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, FrameHeader);
VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, ReceiveFilterTest);
VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, HeaderField);
VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, FieldValue);
VMQKIT_AT(kReceiveFilterFieldParameters, NDIS_RECEIVE_FILTER_FIELD_PARAMETERS, ResultValue);

VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, Flags);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, FilterType);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, QueueId);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, FilterId);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, FieldParametersArrayOffset);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS,
          FieldParametersArrayNumElements);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS,
          FieldParametersArrayElementSize);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, RequestedFilterIdBitCount);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, MaxCoalescingDelay);
VMQKIT_AT(kReceiveFilterParameters, NDIS_RECEIVE_FILTER_PARAMETERS, VPortId);

VMQKIT_AT(kReceiveFilterClearParameters, NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS, Flags);
VMQKIT_AT(kReceiveFilterClearParameters, NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS, QueueId);
VMQKIT_AT(kReceiveFilterClearParameters, NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS, FilterId);
VMQKIT_AT(kReceiveQueueFreeParameters, NDIS_RECEIVE_QUEUE_FREE_PARAMETERS, Flags);
VMQKIT_AT(kReceiveQueueFreeParameters, NDIS_RECEIVE_QUEUE_FREE_PARAMETERS, QueueId);
VMQKIT_AT(kReceiveQueueAllocationCompleteParameters,
          NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_PARAMETERS, Flags);
VMQKIT_AT(kReceiveQueueAllocationCompleteParameters,
          NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_PARAMETERS, QueueId);
VMQKIT_AT(kReceiveQueueAllocationCompleteParameters,
          NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_PARAMETERS, CompletionStatus);
VMQKIT_AT(kReceiveQueueAllocationCompleteArray, NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY,
          Flags);
VMQKIT_AT(kReceiveQueueAllocationCompleteArray, NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY,
          FirstElementOffset);
VMQKIT_AT(kReceiveQueueAllocationCompleteArray, NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY,
          NumElements);
VMQKIT_AT(kReceiveQueueAllocationCompleteArray, NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY,
          ElementSize);
VMQKIT_AT(kReceiveQueueState, NDIS_RECEIVE_QUEUE_STATE, Flags);
VMQKIT_AT(kReceiveQueueState, NDIS_RECEIVE_QUEUE_STATE, QueueId);
VMQKIT_AT(kReceiveQueueState, NDIS_RECEIVE_QUEUE_STATE, QueueState);
VMQKIT_AT(kReceiveFilterInfo, NDIS_RECEIVE_FILTER_INFO, Flags);
VMQKIT_AT(kReceiveFilterInfo, NDIS_RECEIVE_FILTER_INFO, FilterType);
VMQKIT_AT(kReceiveFilterInfo, NDIS_RECEIVE_FILTER_INFO, FilterId);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, QueueId);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, FirstElementOffset);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, NumElements);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, ElementSize);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, Flags);
VMQKIT_AT(kReceiveFilterInfoArray, NDIS_RECEIVE_FILTER_INFO_ARRAY, VPortId);
#undef VMQKIT_AT

// OIDs, statuses, flags.
static_assert(ndis::kOidReceiveFilterHardwareCapabilities ==
              OID_RECEIVE_FILTER_HARDWARE_CAPABILITIES);
static_assert(ndis::kOidReceiveFilterGlobalParameters == OID_RECEIVE_FILTER_GLOBAL_PARAMETERS);
static_assert(ndis::kOidReceiveFilterAllocateQueue == OID_RECEIVE_FILTER_ALLOCATE_QUEUE);
static_assert(ndis::kOidReceiveFilterFreeQueue == OID_RECEIVE_FILTER_FREE_QUEUE);
static_assert(ndis::kOidReceiveFilterEnumQueues == OID_RECEIVE_FILTER_ENUM_QUEUES);
static_assert(ndis::kOidReceiveFilterQueueParameters == OID_RECEIVE_FILTER_QUEUE_PARAMETERS);
static_assert(ndis::kOidReceiveFilterSetFilter == OID_RECEIVE_FILTER_SET_FILTER);
static_assert(ndis::kOidReceiveFilterClearFilter == OID_RECEIVE_FILTER_CLEAR_FILTER);
static_assert(ndis::kOidReceiveFilterEnumFilters == OID_RECEIVE_FILTER_ENUM_FILTERS);
static_assert(ndis::kOidReceiveFilterParameters == OID_RECEIVE_FILTER_PARAMETERS);
static_assert(ndis::kOidReceiveFilterQueueAllocationComplete ==
              OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE);
static_assert(ndis::kOidReceiveFilterCurrentCapabilities ==
              OID_RECEIVE_FILTER_CURRENT_CAPABILITIES);
static_assert(ndis::kOidReceiveFilterMoveFilter == OID_RECEIVE_FILTER_MOVE_FILTER);
static_assert(static_cast<int>(ndis::RequestKind::kQuery) == NdisRequestQueryInformation);
static_assert(static_cast<int>(ndis::RequestKind::kSet) == NdisRequestSetInformation);
static_assert(static_cast<int>(ndis::RequestKind::kMethod) == NdisRequestMethod);

constexpr bool Same(ndis::NdisStatus a, NDIS_STATUS b) {
  return static_cast<std::uint32_t>(a) == static_cast<std::uint32_t>(b);
}
static_assert(Same(ndis::NdisStatus::kSuccess, NDIS_STATUS_SUCCESS));
static_assert(Same(ndis::NdisStatus::kPending, NDIS_STATUS_PENDING));
static_assert(Same(ndis::NdisStatus::kNotAccepted, NDIS_STATUS_NOT_ACCEPTED));
static_assert(Same(ndis::NdisStatus::kFailure, NDIS_STATUS_FAILURE));
static_assert(Same(ndis::NdisStatus::kInvalidParameter, NDIS_STATUS_INVALID_PARAMETER));
static_assert(Same(ndis::NdisStatus::kResources, NDIS_STATUS_RESOURCES));
static_assert(Same(ndis::NdisStatus::kNotSupported, NDIS_STATUS_NOT_SUPPORTED));
static_assert(Same(ndis::NdisStatus::kRequestAborted, NDIS_STATUS_REQUEST_ABORTED));
static_assert(Same(ndis::NdisStatus::kInvalidLength, NDIS_STATUS_INVALID_LENGTH));
static_assert(Same(ndis::NdisStatus::kBufferTooShort, NDIS_STATUS_BUFFER_TOO_SHORT));
static_assert(Same(ndis::NdisStatus::kFileNotFound, NDIS_STATUS_FILE_NOT_FOUND));
static_assert(Same(ndis::NdisStatus::kReceiveQueueState, NDIS_STATUS_RECEIVE_QUEUE_STATE));
static_assert(Same(ndis::NdisStatus::kReceiveFilterCurrentCapabilities,
                   NDIS_STATUS_RECEIVE_FILTER_CURRENT_CAPABILITIES));
static_assert(Same(ndis::NdisStatus::kReceiveFilterHardwareCapabilities,
                   NDIS_STATUS_RECEIVE_FILTER_HARDWARE_CAPABILITIES));
static_assert(Same(ndis::NdisStatus::kReceiveFilterQueueParameters,
                   NDIS_STATUS_RECEIVE_FILTER_QUEUE_PARAMETERS));

static_assert(ndis::kObjectTypeDefault == NDIS_OBJECT_TYPE_DEFAULT);
static_assert(ndis::kVmqFiltersEnabled == NDIS_RECEIVE_FILTER_VMQ_FILTERS_ENABLED);
static_assert(ndis::kVmQueuesEnabled == NDIS_RECEIVE_FILTER_VM_QUEUES_ENABLED);
static_assert(ndis::kMsiXSupported == NDIS_RECEIVE_FILTER_MSI_X_SUPPORTED);
static_assert(ndis::kVmQueueSupported == NDIS_RECEIVE_FILTER_VM_QUEUE_SUPPORTED);
static_assert(ndis::kLookaheadSplitSupported == NDIS_RECEIVE_FILTER_LOOKAHEAD_SPLIT_SUPPORTED);
static_assert(ndis::kDynamicProcessorAffinityChangeSupported ==
              NDIS_RECEIVE_FILTER_DYNAMIC_PROCESSOR_AFFINITY_CHANGE_SUPPORTED);
static_assert(ndis::kInterruptVectorCoalescingSupported ==
              NDIS_RECEIVE_FILTER_INTERRUPT_VECTOR_COALESCING_SUPPORTED);
static_assert(ndis::kTestHeaderFieldEqualSupported ==
              NDIS_RECEIVE_FILTER_TEST_HEADER_FIELD_EQUAL_SUPPORTED);
static_assert(ndis::kMacHeaderSupported == NDIS_RECEIVE_FILTER_MAC_HEADER_SUPPORTED);
static_assert(ndis::kMacHeaderDestAddrSupported ==
              NDIS_RECEIVE_FILTER_MAC_HEADER_DEST_ADDR_SUPPORTED);
static_assert(ndis::kMacHeaderVlanIdSupported == NDIS_RECEIVE_FILTER_MAC_HEADER_VLAN_ID_SUPPORTED);
static_assert(ndis::kQueuePerQueueReceiveIndication ==
              NDIS_RECEIVE_QUEUE_PARAMETERS_PER_QUEUE_RECEIVE_INDICATION);
static_assert(ndis::kQueueLookaheadSplitRequired ==
              NDIS_RECEIVE_QUEUE_PARAMETERS_LOOKAHEAD_SPLIT_REQUIRED);
static_assert(ndis::kQueueFlagsChanged == NDIS_RECEIVE_QUEUE_PARAMETERS_FLAGS_CHANGED);
static_assert(ndis::kQueueProcessorAffinityChanged ==
              NDIS_RECEIVE_QUEUE_PARAMETERS_PROCESSOR_AFFINITY_CHANGED);
static_assert(ndis::kQueueChangeMask == NDIS_RECEIVE_QUEUE_PARAMETERS_CHANGE_MASK);
static_assert(ndis::kFieldMacHeaderVlanUntaggedOrZero ==
              NDIS_RECEIVE_FILTER_FIELD_MAC_HEADER_VLAN_UNTAGGED_OR_ZERO);
static_assert(static_cast<int>(ndis::QueueOperationalState::kDmaStopped) ==
              NdisReceiveQueueOperationalStateDmaStopped);
static_assert(static_cast<int>(ndis::MacHeaderField::kVlanId) == NdisMacHeaderFieldVlanId);
static_assert(static_cast<int>(ndis::FrameHeader::kMac) == NdisFrameHeaderMac);
static_assert(static_cast<int>(ndis::ReceiveFilterTest::kEqual) == NdisReceiveFilterTestEqual);
static_assert(ndis::kIfMaxStringSize == NDIS_IF_MAX_STRING_SIZE);

// VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE is the host's own translation; the ABI's request types are
// NDIS's.
static_assert(static_cast<int>(VMQKIT_REQUEST_QUERY) ==
              static_cast<int>(NdisRequestQueryInformation));
static_assert(static_cast<int>(VMQKIT_REQUEST_SET) == static_cast<int>(NdisRequestSetInformation));
static_assert(static_cast<int>(VMQKIT_REQUEST_METHOD) == static_cast<int>(NdisRequestMethod));

}  // namespace
}  // namespace vmqkit::ndis_host
