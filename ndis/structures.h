#pragma once
// The receive-filter structures of [HDR] ntddndis.h with their byte-exact x64 layouts, and their
// encoding into / decoding from OID information buffers. Decoding checks the NDIS_OBJECT_HEADER
// (Type NDIS_OBJECT_TYPE_DEFAULT, a known Revision, Size at least NDIS_SIZEOF_..._REVISION_n),
// the buffer length, array offsets and element sizes (in 64-bit arithmetic, so nothing wraps),
// and never reads outside the buffer. No behaviour: what the values mean is spec/'s business.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ndis/constants.h"
#include "ndis/wire.h"

namespace vmqkit::ndis {

struct ObjectHeader {
  std::uint8_t type = kObjectTypeDefault;
  std::uint8_t revision = kRevision1;
  std::uint16_t size = 0;
  friend bool operator==(const ObjectHeader&, const ObjectHeader&) = default;
};
inline constexpr std::size_t kObjectHeaderSize = 4;
Bytes Encode(const ObjectHeader& header);
Decoded<ObjectHeader> DecodeObjectHeader(ByteView bytes);

// One row per structure: its header name and NDIS_SIZEOF_..._REVISION_n for n = 1..max_revision
// (RTL_SIZEOF_THROUGH_FIELD of the last field of that revision, x64).
enum class Structure : std::uint8_t {
  kReceiveFilterCapabilities,
  kReceiveFilterGlobalParameters,
  kReceiveQueueParameters,
  kReceiveFilterParameters,
  kReceiveFilterFieldParameters,
  kReceiveFilterClearParameters,
  kReceiveQueueFreeParameters,
  kReceiveQueueAllocationCompleteArray,
  kReceiveQueueAllocationCompleteParameters,
  kReceiveFilterInfoArray,
  kReceiveFilterInfo,
  kReceiveQueueState,
};
struct StructureLayout {
  Structure structure;
  std::string_view name;  // "NDIS_RECEIVE_QUEUE_PARAMETERS"
  std::uint8_t max_revision;
  std::array<std::uint16_t, 3> size_by_revision;  // index revision-1; 0 past max_revision
};
std::span<const StructureLayout> StructureLayouts();
const StructureLayout& LayoutOf(Structure structure);
std::uint16_t SizeOf(Structure structure, std::uint8_t revision);

// Checks an object header at the start of `bytes` for `structure` and returns it with the
// revision the rest of the decoder uses. A revision above the highest known one is read as the
// highest known one (docs/errata.md E-301).
Decoded<ObjectHeader> CheckHeader(ByteView bytes, Structure structure);

struct ReceiveFilterCapabilities {
  std::uint8_t revision = kRevision2;
  std::uint32_t flags = 0;
  std::uint32_t enabled_filter_types = 0;
  std::uint32_t enabled_queue_types = 0;
  std::uint32_t num_queues = 0;
  std::uint32_t supported_queue_properties = 0;
  std::uint32_t supported_filter_tests = 0;
  std::uint32_t supported_headers = 0;
  std::uint32_t supported_mac_header_fields = 0;
  std::uint32_t max_mac_header_filters = 0;
  std::uint32_t max_queue_groups = 0;
  std::uint32_t max_queues_per_queue_group = 0;
  std::uint32_t min_lookahead_split_size = 0;
  std::uint32_t max_lookahead_split_size = 0;
  // Revision 2 (NDIS 6.30).
  std::uint32_t supported_arp_header_fields = 0;
  std::uint32_t supported_ipv4_header_fields = 0;
  std::uint32_t supported_ipv6_header_fields = 0;
  std::uint32_t supported_udp_header_fields = 0;
  std::uint32_t max_field_tests_per_packet_coalescing_filter = 0;
  std::uint32_t max_packet_coalescing_filters = 0;
  std::uint32_t ndis_reserved = 0;
  friend bool operator==(const ReceiveFilterCapabilities&,
                         const ReceiveFilterCapabilities&) = default;
};

struct ReceiveFilterGlobalParameters {
  std::uint32_t flags = 0;
  std::uint32_t enabled_filter_types = 0;
  std::uint32_t enabled_queue_types = 0;
  friend bool operator==(const ReceiveFilterGlobalParameters&,
                         const ReceiveFilterGlobalParameters&) = default;
};

struct GroupAffinity {
  std::uint64_t mask = 0;  // KAFFINITY
  std::uint16_t group = 0;
  std::array<std::uint16_t, 3> reserved{};
  friend bool operator==(const GroupAffinity&, const GroupAffinity&) = default;
};

struct ReceiveQueueParameters {
  std::uint8_t revision = kRevision2;
  std::uint32_t flags = 0;
  ReceiveQueueType queue_type = ReceiveQueueType::kVmQueue;
  std::uint32_t queue_id = 0;
  std::uint32_t queue_group_id = 0;
  GroupAffinity processor_affinity;
  std::uint32_t num_suggested_receive_buffers = 0;
  std::uint32_t msix_table_entry = 0;
  std::uint32_t lookahead_size = 0;
  std::u16string vm_name;     // NDIS_IF_COUNTED_STRING, at most 256 UTF-16 units
  std::u16string queue_name;  // NDIS_IF_COUNTED_STRING
  // Revision 2 (NDIS 6.30).
  std::uint32_t port_id = 0;
  std::uint32_t interrupt_coalescing_domain_id = 0;
  // Revision 3 (NDIS 6.50).
  std::uint32_t qos_sq_id = 0;
  friend bool operator==(const ReceiveQueueParameters&, const ReceiveQueueParameters&) = default;
};

struct ReceiveFilterFieldParameters {
  std::uint8_t revision = kRevision1;
  std::uint32_t flags = 0;
  FrameHeader frame_header = FrameHeader::kMac;
  ReceiveFilterTest test = ReceiveFilterTest::kEqual;
  std::uint32_t header_field = 0;  // union of NDIS_MAC/ARP/IPV4/IPV6/UDP_HEADER_FIELD
  // The FieldValue and ResultValue unions as raw bytes; multibyte values are in network byte
  // order ([DDI] ns-ntddndis-_ndis_receive_filter_field_parameters).
  std::array<std::uint8_t, 16> field_value{};
  std::array<std::uint8_t, 16> result_value{};

  MacHeaderField mac_field() const { return static_cast<MacHeaderField>(header_field); }
  std::array<std::uint8_t, 6> FieldMacAddress() const;  // FieldByteArrayValue[0..5]
  std::uint16_t FieldNetworkShort() const;              // FieldShortValue, big-endian
  friend bool operator==(const ReceiveFilterFieldParameters&,
                         const ReceiveFilterFieldParameters&) = default;
};
// Builders for the two fields a VMQ filter uses.
ReceiveFilterFieldParameters MacDestinationField(const std::array<std::uint8_t, 6>& mac,
                                                 bool untagged_or_zero);
ReceiveFilterFieldParameters VlanIdField(std::uint16_t vlan_id);

struct ReceiveFilterParameters {
  std::uint8_t revision = kRevision2;
  std::uint32_t flags = 0;
  ReceiveFilterType filter_type = ReceiveFilterType::kVmQueue;
  std::uint32_t queue_id = 0;
  std::uint32_t filter_id = 0;
  std::uint32_t requested_filter_id_bit_count = 0;
  // Revision 2 (NDIS 6.30).
  std::uint32_t max_coalescing_delay = 0;
  std::uint32_t vport_id = 0;
  std::vector<ReceiveFilterFieldParameters> fields;  // FieldParametersArray
  friend bool operator==(const ReceiveFilterParameters&, const ReceiveFilterParameters&) = default;
};

struct ReceiveFilterClearParameters {
  std::uint32_t flags = 0;
  std::uint32_t queue_id = 0;
  std::uint32_t filter_id = 0;
  friend bool operator==(const ReceiveFilterClearParameters&,
                         const ReceiveFilterClearParameters&) = default;
};

struct ReceiveQueueFreeParameters {
  std::uint32_t flags = 0;
  std::uint32_t queue_id = 0;
  friend bool operator==(const ReceiveQueueFreeParameters&,
                         const ReceiveQueueFreeParameters&) = default;
};

struct ReceiveQueueAllocationCompleteParameters {
  std::uint32_t flags = 0;
  std::uint32_t queue_id = 0;
  NdisStatus completion_status = NdisStatus::kSuccess;
  friend bool operator==(const ReceiveQueueAllocationCompleteParameters&,
                         const ReceiveQueueAllocationCompleteParameters&) = default;
};

struct ReceiveQueueAllocationCompleteArray {
  std::uint32_t flags = 0;
  std::vector<ReceiveQueueAllocationCompleteParameters> elements;
  friend bool operator==(const ReceiveQueueAllocationCompleteArray&,
                         const ReceiveQueueAllocationCompleteArray&) = default;
};

struct ReceiveFilterInfo {
  std::uint32_t flags = 0;
  ReceiveFilterType filter_type = ReceiveFilterType::kVmQueue;
  std::uint32_t filter_id = 0;
  friend bool operator==(const ReceiveFilterInfo&, const ReceiveFilterInfo&) = default;
};

struct ReceiveFilterInfoArray {
  std::uint8_t revision = kRevision2;
  std::uint32_t queue_id = 0;
  // Revision 2 (NDIS 6.30).
  std::uint32_t flags = 0;
  std::uint32_t vport_id = 0;
  std::vector<ReceiveFilterInfo> elements;
  friend bool operator==(const ReceiveFilterInfoArray&, const ReceiveFilterInfoArray&) = default;
};

struct ReceiveQueueState {
  std::uint32_t flags = 0;
  std::uint32_t queue_id = 0;
  QueueOperationalState state = QueueOperationalState::kUndefined;
  friend bool operator==(const ReceiveQueueState&, const ReceiveQueueState&) = default;
};

// Encoding writes the header of the value's revision and, for arrays, puts the elements right
// after the fixed part (offset rounded up to 8, as the x64 alignment of the FieldValue union
// would place them), each element its NDIS_SIZEOF size.
Bytes Encode(const ReceiveFilterCapabilities& value);
Bytes Encode(const ReceiveFilterGlobalParameters& value);
Bytes Encode(const ReceiveQueueParameters& value);
Bytes Encode(const ReceiveFilterFieldParameters& value);
Bytes Encode(const ReceiveFilterParameters& value);
Bytes Encode(const ReceiveFilterClearParameters& value);
Bytes Encode(const ReceiveQueueFreeParameters& value);
Bytes Encode(const ReceiveQueueAllocationCompleteParameters& value);
Bytes Encode(const ReceiveQueueAllocationCompleteArray& value);
Bytes Encode(const ReceiveFilterInfo& value);
Bytes Encode(const ReceiveFilterInfoArray& value);
Bytes Encode(const ReceiveQueueState& value);

Decoded<ReceiveFilterCapabilities> DecodeReceiveFilterCapabilities(ByteView bytes);
Decoded<ReceiveFilterGlobalParameters> DecodeReceiveFilterGlobalParameters(ByteView bytes);
Decoded<ReceiveQueueParameters> DecodeReceiveQueueParameters(ByteView bytes);
Decoded<ReceiveFilterFieldParameters> DecodeReceiveFilterFieldParameters(ByteView bytes);
Decoded<ReceiveFilterParameters> DecodeReceiveFilterParameters(ByteView bytes);
Decoded<ReceiveFilterClearParameters> DecodeReceiveFilterClearParameters(ByteView bytes);
Decoded<ReceiveQueueFreeParameters> DecodeReceiveQueueFreeParameters(ByteView bytes);
Decoded<ReceiveQueueAllocationCompleteParameters> DecodeReceiveQueueAllocationCompleteParameters(
    ByteView bytes);
Decoded<ReceiveQueueAllocationCompleteArray> DecodeReceiveQueueAllocationCompleteArray(
    ByteView bytes);
Decoded<ReceiveFilterInfo> DecodeReceiveFilterInfo(ByteView bytes);
Decoded<ReceiveFilterInfoArray> DecodeReceiveFilterInfoArray(ByteView bytes);
Decoded<ReceiveQueueState> DecodeReceiveQueueState(ByteView bytes);

}  // namespace vmqkit::ndis
