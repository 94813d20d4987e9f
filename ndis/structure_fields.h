#pragma once
// The field table of every receive-filter structure: the x64 layouts of [HDR] ntddndis.h, one
// row per member after the 4-byte NDIS_OBJECT_HEADER. Encode, decode and in-place edits of OID
// buffers all read these rows; no other file spells a byte offset of these structures.
#include <array>
#include <optional>
#include <string_view>

#include "ndis/field_table.h"
#include "ndis/oids.h"
#include "ndis/structures.h"

namespace vmqkit::ndis {

// NDIS_OBJECT_HEADER, which every structure below starts with; its rows are named as members of
// the structure that holds it ("Header.Revision").
inline constexpr std::array kObjectHeaderFields = {
    Number<&ObjectHeader::type>("Header.Type", 0),
    Number<&ObjectHeader::revision>("Header.Revision", 1),
    Number<&ObjectHeader::size>("Header.Size", 2),
};

// Every member after the header is a ULONG, in declaration order; revision 2 is NDIS 6.30.
inline constexpr std::array kReceiveFilterCapabilitiesFields = {
    Number<&ReceiveFilterCapabilities::flags>("Flags", 4),
    Number<&ReceiveFilterCapabilities::enabled_filter_types>("EnabledFilterTypes", 8),
    Number<&ReceiveFilterCapabilities::enabled_queue_types>("EnabledQueueTypes", 12),
    Number<&ReceiveFilterCapabilities::num_queues>("NumQueues", 16),
    Number<&ReceiveFilterCapabilities::supported_queue_properties>("SupportedQueueProperties", 20),
    Number<&ReceiveFilterCapabilities::supported_filter_tests>("SupportedFilterTests", 24),
    Number<&ReceiveFilterCapabilities::supported_headers>("SupportedHeaders", 28),
    Number<&ReceiveFilterCapabilities::supported_mac_header_fields>("SupportedMacHeaderFields", 32),
    Number<&ReceiveFilterCapabilities::max_mac_header_filters>("MaxMacHeaderFilters", 36),
    Number<&ReceiveFilterCapabilities::max_queue_groups>("MaxQueueGroups", 40),
    Number<&ReceiveFilterCapabilities::max_queues_per_queue_group>("MaxQueuesPerQueueGroup", 44),
    Number<&ReceiveFilterCapabilities::min_lookahead_split_size>("MinLookaheadSplitSize", 48),
    Number<&ReceiveFilterCapabilities::max_lookahead_split_size>("MaxLookaheadSplitSize", 52),
    Number<&ReceiveFilterCapabilities::supported_arp_header_fields>("SupportedARPHeaderFields", 56,
                                                                    kRevision2),
    Number<&ReceiveFilterCapabilities::supported_ipv4_header_fields>("SupportedIPv4HeaderFields",
                                                                     60, kRevision2),
    Number<&ReceiveFilterCapabilities::supported_ipv6_header_fields>("SupportedIPv6HeaderFields",
                                                                     64, kRevision2),
    Number<&ReceiveFilterCapabilities::supported_udp_header_fields>("SupportedUdpHeaderFields", 68,
                                                                    kRevision2),
    Number<&ReceiveFilterCapabilities::max_field_tests_per_packet_coalescing_filter>(
        "MaxFieldTestsPerPacketCoalescingFilter", 72, kRevision2),
    Number<&ReceiveFilterCapabilities::max_packet_coalescing_filters>("MaxPacketCoalescingFilters",
                                                                      76, kRevision2),
    Number<&ReceiveFilterCapabilities::ndis_reserved>("NdisReserved", 80, kRevision2),
};

inline constexpr std::array kReceiveFilterGlobalParametersFields = {
    Number<&ReceiveFilterGlobalParameters::flags>("Flags", 4),
    Number<&ReceiveFilterGlobalParameters::enabled_filter_types>("EnabledFilterTypes", 8),
    Number<&ReceiveFilterGlobalParameters::enabled_queue_types>("EnabledQueueTypes", 12),
};

// GROUP_AFFINITY starts with a KAFFINITY, so it is 8-aligned at 24 (4 bytes of padding at 20).
// The two NDIS_IF_COUNTED_STRINGs take 516 bytes each; revision 2 adds PortId after them.
inline constexpr std::array kReceiveQueueParametersFields = {
    Number<&ReceiveQueueParameters::flags>("Flags", 4),
    Number<&ReceiveQueueParameters::queue_type>("QueueType", 8),
    Number<&ReceiveQueueParameters::queue_id>("QueueId", 12),
    Number<&ReceiveQueueParameters::queue_group_id>("QueueGroupId", 16),
    Number<&ReceiveQueueParameters::processor_affinity, &GroupAffinity::mask>(
        "ProcessorAffinity.Mask", 24),
    Number<&ReceiveQueueParameters::processor_affinity, &GroupAffinity::group>(
        "ProcessorAffinity.Group", 32),
    NumberAt<&ReceiveQueueParameters::processor_affinity, 0, &GroupAffinity::reserved>(
        "ProcessorAffinity.Reserved[0]", 34),
    NumberAt<&ReceiveQueueParameters::processor_affinity, 1, &GroupAffinity::reserved>(
        "ProcessorAffinity.Reserved[1]", 36),
    NumberAt<&ReceiveQueueParameters::processor_affinity, 2, &GroupAffinity::reserved>(
        "ProcessorAffinity.Reserved[2]", 38),
    Number<&ReceiveQueueParameters::num_suggested_receive_buffers>("NumSuggestedReceiveBuffers",
                                                                   40),
    Number<&ReceiveQueueParameters::msix_table_entry>("MSIXTableEntry", 44),
    Number<&ReceiveQueueParameters::lookahead_size>("LookaheadSize", 48),
    CountedString<&ReceiveQueueParameters::vm_name>("VmName", 52),
    CountedString<&ReceiveQueueParameters::queue_name>("QueueName", 52 + kCountedStringSize),
    Number<&ReceiveQueueParameters::port_id>("PortId", 1084, kRevision2),
    Number<&ReceiveQueueParameters::interrupt_coalescing_domain_id>("InterruptCoalescingDomainId",
                                                                    1088, kRevision2),
    Number<&ReceiveQueueParameters::qos_sq_id>("QoSSqId", 1092, kRevision3),
};

// The FieldValue union holds a ULONG64, so it is 8-aligned at 24 (4 bytes of padding at 20).
inline constexpr std::array kReceiveFilterFieldParametersFields = {
    Number<&ReceiveFilterFieldParameters::flags>("Flags", 4),
    Number<&ReceiveFilterFieldParameters::frame_header>("FrameHeader", 8),
    Number<&ReceiveFilterFieldParameters::test>("ReceiveFilterTest", 12),
    Number<&ReceiveFilterFieldParameters::header_field>("HeaderField", 16),
    RawBytes<&ReceiveFilterFieldParameters::field_value>("FieldValue", 24),
    RawBytes<&ReceiveFilterFieldParameters::result_value>("ResultValue", 40),
};

inline constexpr std::array kReceiveFilterParametersFields = {
    Number<&ReceiveFilterParameters::flags>("Flags", 4),
    Number<&ReceiveFilterParameters::filter_type>("FilterType", 8),
    Number<&ReceiveFilterParameters::queue_id>("QueueId", 12),
    Number<&ReceiveFilterParameters::filter_id>("FilterId", 16),
    ArrayMember<ReceiveFilterParameters>(FieldKind::kFirstElementOffset,
                                         "FieldParametersArrayOffset", 20),
    ArrayMember<ReceiveFilterParameters>(FieldKind::kNumElements, "FieldParametersArrayNumElements",
                                         24),
    ArrayMember<ReceiveFilterParameters>(FieldKind::kElementSize, "FieldParametersArrayElementSize",
                                         28),
    Number<&ReceiveFilterParameters::requested_filter_id_bit_count>("RequestedFilterIdBitCount",
                                                                    32),
    Number<&ReceiveFilterParameters::max_coalescing_delay>("MaxCoalescingDelay", 36, kRevision2),
    Number<&ReceiveFilterParameters::vport_id>("VPortId", 40, kRevision2),
};

inline constexpr std::array kReceiveFilterClearParametersFields = {
    Number<&ReceiveFilterClearParameters::flags>("Flags", 4),
    Number<&ReceiveFilterClearParameters::queue_id>("QueueId", 8),
    Number<&ReceiveFilterClearParameters::filter_id>("FilterId", 12),
};

inline constexpr std::array kReceiveQueueFreeParametersFields = {
    Number<&ReceiveQueueFreeParameters::flags>("Flags", 4),
    Number<&ReceiveQueueFreeParameters::queue_id>("QueueId", 8),
};

inline constexpr std::array kReceiveQueueAllocationCompleteParametersFields = {
    Number<&ReceiveQueueAllocationCompleteParameters::flags>("Flags", 4),
    Number<&ReceiveQueueAllocationCompleteParameters::queue_id>("QueueId", 8),
    Number<&ReceiveQueueAllocationCompleteParameters::completion_status>("CompletionStatus", 12),
};

inline constexpr std::array kReceiveQueueAllocationCompleteArrayFields = {
    Number<&ReceiveQueueAllocationCompleteArray::flags>("Flags", 4),
    ArrayMember<ReceiveQueueAllocationCompleteArray>(FieldKind::kFirstElementOffset,
                                                     "FirstElementOffset", 8),
    ArrayMember<ReceiveQueueAllocationCompleteArray>(FieldKind::kNumElements, "NumElements", 12),
    ArrayMember<ReceiveQueueAllocationCompleteArray>(FieldKind::kElementSize, "ElementSize", 16),
};

inline constexpr std::array kReceiveFilterInfoFields = {
    Number<&ReceiveFilterInfo::flags>("Flags", 4),
    Number<&ReceiveFilterInfo::filter_type>("FilterType", 8),
    Number<&ReceiveFilterInfo::filter_id>("FilterId", 12),
};

// Revision 2 (NDIS 6.30) appends Flags and VPortId after the array members.
inline constexpr std::array kReceiveFilterInfoArrayFields = {
    Number<&ReceiveFilterInfoArray::queue_id>("QueueId", 4),
    ArrayMember<ReceiveFilterInfoArray>(FieldKind::kFirstElementOffset, "FirstElementOffset", 8),
    ArrayMember<ReceiveFilterInfoArray>(FieldKind::kNumElements, "NumElements", 12),
    ArrayMember<ReceiveFilterInfoArray>(FieldKind::kElementSize, "ElementSize", 16),
    Number<&ReceiveFilterInfoArray::flags>("Flags", 20, kRevision2),
    Number<&ReceiveFilterInfoArray::vport_id>("VPortId", 24, kRevision2),
};

inline constexpr std::array kReceiveQueueStateFields = {
    Number<&ReceiveQueueState::flags>("Flags", 4),
    Number<&ReceiveQueueState::queue_id>("QueueId", 8),
    Number<&ReceiveQueueState::state>("QueueState", 12),
};

namespace field_detail {
template <typename T, std::size_t N>
constexpr std::optional<FieldRef> Find(const std::array<Field<T>, N>& table,
                                       std::string_view name) {
  for (const Field<T>& field : table) {
    if (field.name == name) return FieldRef{field.offset, field.width};
  }
  return std::nullopt;
}

constexpr std::optional<FieldRef> FindAfterHeader(Structure structure, std::string_view member) {
  switch (structure) {
    case Structure::kReceiveFilterCapabilities:
      return Find(kReceiveFilterCapabilitiesFields, member);
    case Structure::kReceiveFilterGlobalParameters:
      return Find(kReceiveFilterGlobalParametersFields, member);
    case Structure::kReceiveQueueParameters:
      return Find(kReceiveQueueParametersFields, member);
    case Structure::kReceiveFilterParameters:
      return Find(kReceiveFilterParametersFields, member);
    case Structure::kReceiveFilterFieldParameters:
      return Find(kReceiveFilterFieldParametersFields, member);
    case Structure::kReceiveFilterClearParameters:
      return Find(kReceiveFilterClearParametersFields, member);
    case Structure::kReceiveQueueFreeParameters:
      return Find(kReceiveQueueFreeParametersFields, member);
    case Structure::kReceiveQueueAllocationCompleteArray:
      return Find(kReceiveQueueAllocationCompleteArrayFields, member);
    case Structure::kReceiveQueueAllocationCompleteParameters:
      return Find(kReceiveQueueAllocationCompleteParametersFields, member);
    case Structure::kReceiveFilterInfoArray:
      return Find(kReceiveFilterInfoArrayFields, member);
    case Structure::kReceiveFilterInfo:
      return Find(kReceiveFilterInfoFields, member);
    case Structure::kReceiveQueueState:
      return Find(kReceiveQueueStateFields, member);
  }
  return std::nullopt;
}
}  // namespace field_detail

// A member of a structure by its ntddndis.h name ("QueueId", "Header.Size"), or nothing when the
// structure has no member of that name. For names read at run time, such as a check file's.
constexpr std::optional<FieldRef> FindMember(Structure structure, std::string_view member) {
  if (auto header = field_detail::Find(kObjectHeaderFields, member)) return header;
  return field_detail::FindAfterHeader(structure, member);
}

// The same at compile time, for editing a buffer in place; a misspelt name does not compile:
// PutField(bytes, FieldOf(Structure::kReceiveQueueParameters, "QueueId"), id).
consteval FieldRef FieldOf(Structure structure, std::string_view member) {
  if (auto field = FindMember(structure, member)) return *field;
  throw "no member of that name in this structure";
}

// The structure an OID's information buffer starts with as the caller fills it, or nothing for
// an OID whose structure this vocabulary does not lay out (ENUM_QUEUES, MOVE_FILTER).
std::optional<Structure> RequestStructure(Oid oid);

// Reads or writes one member of a buffer; a member that does not fit in it reads as 0 and is
// not written.
std::uint64_t GetField(ByteView bytes, FieldRef field);
void PutField(std::span<std::uint8_t> bytes, FieldRef field, std::uint64_t value);

// Element `index` of the array a *_ARRAY structure at the start of `bytes` describes (its
// FirstElementOffset and ElementSize), or an empty span when it lies outside `bytes`. Callers
// decode the array first; this is for writing a driver's output members back into it.
std::span<std::uint8_t> ArrayElement(std::span<std::uint8_t> bytes, Structure array,
                                     std::size_t index);

}  // namespace vmqkit::ndis
