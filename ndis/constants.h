#pragma once
// Flag values, enumerations, object types and revisions of the receive-filter structures, exactly
// as [HDR] ntddndis.h defines them (ndis-vmq-facts.md sections 3 and 4.2).
#include <cstdint>

namespace vmqkit::ndis {

// NDIS_OBJECT_HEADER.Type
inline constexpr std::uint8_t kObjectTypeDefault = 0x80;

// NDIS_RECEIVE_FILTER_CAPABILITIES.EnabledFilterTypes / GLOBAL_PARAMETERS.EnabledFilterTypes
inline constexpr std::uint32_t kVmqFiltersEnabled = 0x1;
inline constexpr std::uint32_t kPacketCoalescingFiltersEnabled = 0x2;
// .EnabledQueueTypes
inline constexpr std::uint32_t kVmQueuesEnabled = 0x1;

// .SupportedQueueProperties
inline constexpr std::uint32_t kMsiXSupported = 0x1;
inline constexpr std::uint32_t kVmQueueSupported = 0x2;
inline constexpr std::uint32_t kLookaheadSplitSupported = 0x4;
inline constexpr std::uint32_t kDynamicProcessorAffinityChangeSupported = 0x8;  // 6.30
inline constexpr std::uint32_t kInterruptVectorCoalescingSupported = 0x10;      // 6.30
inline constexpr std::uint32_t kAnyVlanSupported = 0x20;                        // deprecated
inline constexpr std::uint32_t kImplatMinOfQueuesMode = 0x40;                   // LBFO only
inline constexpr std::uint32_t kImplatSumOfQueuesMode = 0x80;                   // LBFO only
inline constexpr std::uint32_t kPacketCoalescingSupportedOnDefaultQueue = 0x100;
// 6.80 reuses bit 0x40 for miniports (the IMPLAT flags are "not set for miniports").
inline constexpr std::uint32_t kDynamicProcessorAffinityChangeForDefaultQueueSupported = 0x40;

// .SupportedFilterTests
inline constexpr std::uint32_t kTestHeaderFieldEqualSupported = 0x1;
inline constexpr std::uint32_t kTestHeaderFieldMaskEqualSupported = 0x2;
inline constexpr std::uint32_t kTestHeaderFieldNotEqualSupported = 0x4;

// .SupportedHeaders
inline constexpr std::uint32_t kMacHeaderSupported = 0x1;
inline constexpr std::uint32_t kIpv4HeaderSupported = 0x2;
inline constexpr std::uint32_t kIpv6HeaderSupported = 0x4;
inline constexpr std::uint32_t kArpHeaderSupported = 0x8;
inline constexpr std::uint32_t kUdpHeaderSupported = 0x10;

// .SupportedMacHeaderFields
inline constexpr std::uint32_t kMacHeaderDestAddrSupported = 0x1;
inline constexpr std::uint32_t kMacHeaderSourceAddrSupported = 0x2;
inline constexpr std::uint32_t kMacHeaderProtocolSupported = 0x4;
inline constexpr std::uint32_t kMacHeaderVlanIdSupported = 0x8;
inline constexpr std::uint32_t kMacHeaderPrioritySupported = 0x10;
inline constexpr std::uint32_t kMacHeaderPacketTypeSupported = 0x20;

// .SupportedARPHeaderFields / IPv4 / IPv6 / Udp (revision 2)
inline constexpr std::uint32_t kArpHeaderOperationSupported = 0x1;
inline constexpr std::uint32_t kArpHeaderSpaSupported = 0x2;
inline constexpr std::uint32_t kArpHeaderTpaSupported = 0x4;
inline constexpr std::uint32_t kIpv4HeaderProtocolSupported = 0x1;
inline constexpr std::uint32_t kIpv6HeaderProtocolSupported = 0x1;
inline constexpr std::uint32_t kUdpHeaderDestPortSupported = 0x1;

// NDIS_RECEIVE_QUEUE_PARAMETERS.Flags (allocate and query)
inline constexpr std::uint32_t kQueuePerQueueReceiveIndication = 0x1;
inline constexpr std::uint32_t kQueueLookaheadSplitRequired = 0x2;
// .Flags change bits of the QUEUE_PARAMETERS set request
inline constexpr std::uint32_t kQueueFlagsChanged = 0x10000;
inline constexpr std::uint32_t kQueueProcessorAffinityChanged = 0x20000;
inline constexpr std::uint32_t kQueueSuggestedRecvBufferNumbersChanged = 0x40000;
inline constexpr std::uint32_t kQueueNameChanged = 0x80000;
inline constexpr std::uint32_t kQueueInterruptCoalescingDomainIdChanged = 0x100000;  // 6.30
inline constexpr std::uint32_t kQueueQosSqIdChanged = 0x200000;                      // 6.50
inline constexpr std::uint32_t kQueueChangeMask = 0xFFFF0000;

// NDIS_RECEIVE_FILTER_PARAMETERS.Flags
inline constexpr std::uint32_t kFilterFlagsReserved = 0x1;
inline constexpr std::uint32_t kFilterPacketEncapsulation = 0x2;  // _GRE before 6.50
// NDIS_RECEIVE_FILTER_FIELD_PARAMETERS.Flags
inline constexpr std::uint32_t kFieldMacHeaderVlanUntaggedOrZero = 0x1;
// NDIS_RECEIVE_FILTER_INFO_ARRAY.Flags (revision 2)
inline constexpr std::uint32_t kFilterInfoArrayVPortIdSpecified = 0x1;

inline constexpr std::uint32_t kDefaultReceiveQueueId = 0;
inline constexpr std::uint32_t kDefaultReceiveQueueGroupId = 0;
inline constexpr std::uint32_t kDefaultReceiveFilterId = 0;

enum class ReceiveQueueType : std::uint32_t { kUnspecified = 0, kVmQueue = 1, kMaximum = 2 };
enum class ReceiveFilterType : std::uint32_t {
  kUndefined = 0,
  kVmQueue = 1,
  kPacketCoalescing = 2,
  kMaximum = 3
};
enum class FrameHeader : std::uint32_t {
  kUndefined = 0,
  kMac = 1,
  kArp = 2,
  kIpv4 = 3,
  kIpv6 = 4,
  kUdp = 5,
  kMaximum = 6
};
enum class MacHeaderField : std::uint32_t {
  kUndefined = 0,
  kDestinationAddress = 1,
  kSourceAddress = 2,
  kProtocol = 3,
  kVlanId = 4,
  kPriority = 5,
  kPacketType = 6,
  kMaximum = 7
};
enum class ReceiveFilterTest : std::uint32_t {
  kUndefined = 0,
  kEqual = 1,
  kMaskEqual = 2,
  kNotEqual = 3,
  kMaximum = 4
};
// NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE: Allocated, Set and Freeing exist only in the documents.
enum class QueueOperationalState : std::uint32_t {
  kUndefined = 0,
  kRunning = 1,
  kPaused = 2,
  kDmaStopped = 3,
  kMaximum = 4
};

// Header revisions.
inline constexpr std::uint8_t kRevision1 = 1;
inline constexpr std::uint8_t kRevision2 = 2;
inline constexpr std::uint8_t kRevision3 = 3;

// NDIS_IF_COUNTED_STRING: USHORT Length (bytes) + WCHAR String[NDIS_IF_MAX_STRING_SIZE + 1].
inline constexpr std::uint32_t kIfMaxStringSize = 256;

}  // namespace vmqkit::ndis
