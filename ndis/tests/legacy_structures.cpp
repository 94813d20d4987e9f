// TEMPORARY: the hand-written codec before the field tables, kept only to prove byte equality.
#include "ndis/structures.h"

#include <algorithm>
#include <limits>
#include <string>

namespace vmqkit::ndis::legacy {
namespace {

// NDIS_IF_COUNTED_STRING: USHORT Length in bytes, then 257 WCHARs.
constexpr std::size_t kLegacyCountedStringSize = 2 + 2 * (kIfMaxStringSize + 1);

std::string Name(Structure structure) {
  return std::string(ndis::LayoutOf(structure).name);
}

WireWriter StartEncoding(Structure structure, std::uint8_t revision, std::size_t total = 0) {
  std::uint16_t size = ndis::SizeOf(structure, revision);
  WireWriter writer(std::max<std::size_t>(size, total));
  writer.U8(0, kObjectTypeDefault);
  writer.U8(1, revision);
  writer.U16(2, size);
  return writer;
}

Decoded<std::u16string> ReadCountedString(const WireReader& in, std::size_t offset,
                                          std::string_view what) {
  std::uint16_t length = in.U16(offset);
  if (length % 2 != 0 || length > 2 * kIfMaxStringSize) {
    return BadField(std::string(what) + ".Length is " + std::to_string(length) +
                    " bytes; it must be even and at most " + std::to_string(2 * kIfMaxStringSize));
  }
  std::u16string text;
  for (std::size_t i = 0; i < length / 2u; ++i) {
    text.push_back(static_cast<char16_t>(in.U16(offset + 2 + 2 * i)));
  }
  return text;
}

void WriteCountedString(WireWriter& out, std::size_t offset, const std::u16string& text) {
  std::size_t units = std::min<std::size_t>(text.size(), kIfMaxStringSize);
  out.U16(offset, static_cast<std::uint16_t>(2 * units));
  for (std::size_t i = 0; i < units; ++i) out.U16(offset + 2 + 2 * i, text[i]);
}

std::size_t ArrayOffset(std::size_t fixed_size) {
  return (fixed_size + 7) / 8 * 8;
}

// The array that FirstElementOffset/NumElements/ElementSize describe: inside the buffer, after the
// fixed part, elements at least as large as revision 1 of their structure.
template <typename Element, typename DecodeElement>
Decoded<std::vector<Element>> DecodeArray(ByteView bytes, std::size_t fixed_size,
                                          std::uint32_t offset, std::uint32_t count,
                                          std::uint32_t element_size, Structure element,
                                          DecodeElement decode, std::string_view what) {
  std::vector<Element> elements;
  if (count == 0) return elements;  // the offset is ignored then ([DDI])
  const std::uint32_t minimum = ndis::SizeOf(element, kRevision1);
  if (element_size < minimum) {
    return BadField(std::string(what) + " element size " + std::to_string(element_size) +
                    " is smaller than " + Name(element) + " (" + std::to_string(minimum) + ")");
  }
  if (offset < fixed_size) {
    return BadField(std::string(what) + " offset " + std::to_string(offset) +
                    " overlaps the fixed part (" + std::to_string(fixed_size) + " bytes)");
  }
  const std::uint64_t end =
      std::uint64_t{offset} + std::uint64_t{count} * std::uint64_t{element_size};
  if (end > std::numeric_limits<std::uint32_t>::max()) {
    return BadField(std::string(what) + " offset + count * size overflows 32 bits");
  }
  if (end > bytes.size()) {
    return TooShort(static_cast<std::uint32_t>(end), std::string(what) + " ends at byte " +
                                                         std::to_string(end) + ", the buffer has " +
                                                         std::to_string(bytes.size()));
  }
  elements.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    ByteView slice = bytes.subspan(offset + std::size_t{i} * element_size, element_size);
    auto decoded = decode(slice);
    if (!decoded) {
      // An element that does not fit its ElementSize is a bad field of the array, not a short
      // buffer the caller could fix by passing more bytes.
      return BadField(std::string(what) + " element " + std::to_string(i) + ": " +
                      decoded.error().reason);
    }
    elements.push_back(std::move(decoded).value());
  }
  return elements;
}

// Capabilities: every member after the header is a ULONG, in declaration order.
using Caps = ReceiveFilterCapabilities;
struct CapsField {
  std::uint32_t Caps::*member;
  std::uint8_t since_revision;
};
constexpr std::array kCapsFields = {
    CapsField{&Caps::flags, 1},
    CapsField{&Caps::enabled_filter_types, 1},
    CapsField{&Caps::enabled_queue_types, 1},
    CapsField{&Caps::num_queues, 1},
    CapsField{&Caps::supported_queue_properties, 1},
    CapsField{&Caps::supported_filter_tests, 1},
    CapsField{&Caps::supported_headers, 1},
    CapsField{&Caps::supported_mac_header_fields, 1},
    CapsField{&Caps::max_mac_header_filters, 1},
    CapsField{&Caps::max_queue_groups, 1},
    CapsField{&Caps::max_queues_per_queue_group, 1},
    CapsField{&Caps::min_lookahead_split_size, 1},
    CapsField{&Caps::max_lookahead_split_size, 1},
    CapsField{&Caps::supported_arp_header_fields, 2},
    CapsField{&Caps::supported_ipv4_header_fields, 2},
    CapsField{&Caps::supported_ipv6_header_fields, 2},
    CapsField{&Caps::supported_udp_header_fields, 2},
    CapsField{&Caps::max_field_tests_per_packet_coalescing_filter, 2},
    CapsField{&Caps::max_packet_coalescing_filters, 2},
    CapsField{&Caps::ndis_reserved, 2},
};

}  // namespace

// --- NDIS_RECEIVE_FILTER_CAPABILITIES ---------------------------------------------------------

Bytes Encode(const ReceiveFilterCapabilities& value) {
  WireWriter out = StartEncoding(Structure::kReceiveFilterCapabilities, value.revision);
  std::size_t offset = kObjectHeaderSize;
  for (const auto& field : kCapsFields) {
    if (field.since_revision <= value.revision) out.U32(offset, value.*field.member);
    offset += 4;
  }
  return std::move(out).Take();
}

Decoded<ReceiveFilterCapabilities> DecodeReceiveFilterCapabilities(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterCapabilities);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveFilterCapabilities value;
  value.revision = header->revision;
  std::size_t offset = kObjectHeaderSize;
  for (const auto& field : kCapsFields) {
    if (field.since_revision <= value.revision) value.*field.member = in.U32(offset);
    offset += 4;
  }
  return value;
}

// --- NDIS_RECEIVE_FILTER_GLOBAL_PARAMETERS ----------------------------------------------------

Bytes Encode(const ReceiveFilterGlobalParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveFilterGlobalParameters, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, value.enabled_filter_types);
  out.U32(12, value.enabled_queue_types);
  return std::move(out).Take();
}

Decoded<ReceiveFilterGlobalParameters> DecodeReceiveFilterGlobalParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterGlobalParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveFilterGlobalParameters{in.U32(4), in.U32(8), in.U32(12)};
}

// --- NDIS_RECEIVE_QUEUE_PARAMETERS ------------------------------------------------------------
// x64: GROUP_AFFINITY (KAFFINITY first) is 8-aligned, so it starts at 24 after 4 bytes of padding.

Bytes Encode(const ReceiveQueueParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveQueueParameters, value.revision);
  out.U32(4, value.flags);
  out.U32(8, static_cast<std::uint32_t>(value.queue_type));
  out.U32(12, value.queue_id);
  out.U32(16, value.queue_group_id);
  out.U64(24, value.processor_affinity.mask);
  out.U16(32, value.processor_affinity.group);
  for (std::size_t i = 0; i < 3; ++i) out.U16(34 + 2 * i, value.processor_affinity.reserved[i]);
  out.U32(40, value.num_suggested_receive_buffers);
  out.U32(44, value.msix_table_entry);
  out.U32(48, value.lookahead_size);
  WriteCountedString(out, 52, value.vm_name);
  WriteCountedString(out, 52 + kLegacyCountedStringSize, value.queue_name);
  if (value.revision >= kRevision2) {
    out.U32(1084, value.port_id);
    out.U32(1088, value.interrupt_coalescing_domain_id);
  }
  if (value.revision >= kRevision3) out.U32(1092, value.qos_sq_id);
  return std::move(out).Take();
}

Decoded<ReceiveQueueParameters> DecodeReceiveQueueParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveQueueParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveQueueParameters value;
  value.revision = header->revision;
  value.flags = in.U32(4);
  value.queue_type = static_cast<ReceiveQueueType>(in.U32(8));
  value.queue_id = in.U32(12);
  value.queue_group_id = in.U32(16);
  value.processor_affinity.mask = in.U64(24);
  value.processor_affinity.group = in.U16(32);
  for (std::size_t i = 0; i < 3; ++i) value.processor_affinity.reserved[i] = in.U16(34 + 2 * i);
  value.num_suggested_receive_buffers = in.U32(40);
  value.msix_table_entry = in.U32(44);
  value.lookahead_size = in.U32(48);
  auto vm_name = ReadCountedString(in, 52, "VmName");
  if (!vm_name) return vm_name.error();
  auto queue_name = ReadCountedString(in, 52 + kLegacyCountedStringSize, "QueueName");
  if (!queue_name) return queue_name.error();
  value.vm_name = *vm_name;
  value.queue_name = *queue_name;
  if (value.revision >= kRevision2) {
    value.port_id = in.U32(1084);
    value.interrupt_coalescing_domain_id = in.U32(1088);
  }
  if (value.revision >= kRevision3) value.qos_sq_id = in.U32(1092);
  return value;
}

// --- NDIS_RECEIVE_FILTER_FIELD_PARAMETERS -----------------------------------------------------
// x64: the FieldValue union holds a ULONG64, so it is 8-aligned at 24 (4 bytes of padding at 20).

Bytes Encode(const ReceiveFilterFieldParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveFilterFieldParameters, value.revision);
  out.U32(4, value.flags);
  out.U32(8, static_cast<std::uint32_t>(value.frame_header));
  out.U32(12, static_cast<std::uint32_t>(value.test));
  out.U32(16, value.header_field);
  out.Put(24, value.field_value);
  out.Put(40, value.result_value);
  return std::move(out).Take();
}

Decoded<ReceiveFilterFieldParameters> DecodeReceiveFilterFieldParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterFieldParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveFilterFieldParameters value;
  value.revision = header->revision;
  value.flags = in.U32(4);
  value.frame_header = static_cast<FrameHeader>(in.U32(8));
  value.test = static_cast<ReceiveFilterTest>(in.U32(12));
  value.header_field = in.U32(16);
  ByteView field = in.Slice(24, 16);
  ByteView result = in.Slice(40, 16);
  std::copy(field.begin(), field.end(), value.field_value.begin());
  std::copy(result.begin(), result.end(), value.result_value.begin());
  return value;
}

// --- NDIS_RECEIVE_FILTER_PARAMETERS -----------------------------------------------------------

Bytes Encode(const ReceiveFilterParameters& value) {
  const std::size_t fixed = ndis::SizeOf(Structure::kReceiveFilterParameters, value.revision);
  const std::size_t element = ndis::SizeOf(Structure::kReceiveFilterFieldParameters, kRevision1);
  const std::size_t offset = value.fields.empty() ? 0 : ArrayOffset(fixed);
  WireWriter out = StartEncoding(Structure::kReceiveFilterParameters, value.revision,
                                 offset + element * value.fields.size());
  out.U32(4, value.flags);
  out.U32(8, static_cast<std::uint32_t>(value.filter_type));
  out.U32(12, value.queue_id);
  out.U32(16, value.filter_id);
  out.U32(20, static_cast<std::uint32_t>(offset));
  out.U32(24, static_cast<std::uint32_t>(value.fields.size()));
  out.U32(28, static_cast<std::uint32_t>(element));
  out.U32(32, value.requested_filter_id_bit_count);
  if (value.revision >= kRevision2) {
    out.U32(36, value.max_coalescing_delay);
    out.U32(40, value.vport_id);
  }
  for (std::size_t i = 0; i < value.fields.size(); ++i)
    out.Put(offset + i * element, legacy::Encode(value.fields[i]));
  return std::move(out).Take();
}

Decoded<ReceiveFilterParameters> DecodeReceiveFilterParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveFilterParameters value;
  value.revision = header->revision;
  value.flags = in.U32(4);
  value.filter_type = static_cast<ReceiveFilterType>(in.U32(8));
  value.queue_id = in.U32(12);
  value.filter_id = in.U32(16);
  value.requested_filter_id_bit_count = in.U32(32);
  if (value.revision >= kRevision2) {
    value.max_coalescing_delay = in.U32(36);
    value.vport_id = in.U32(40);
  }
  auto fields = DecodeArray<ReceiveFilterFieldParameters>(
      bytes, header->size, in.U32(20), in.U32(24), in.U32(28),
      Structure::kReceiveFilterFieldParameters, DecodeReceiveFilterFieldParameters,
      "FieldParametersArray");
  if (!fields) return fields.error();
  value.fields = std::move(fields).value();
  return value;
}

// --- NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS / NDIS_RECEIVE_QUEUE_FREE_PARAMETERS ----------------

Bytes Encode(const ReceiveFilterClearParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveFilterClearParameters, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, value.queue_id);
  out.U32(12, value.filter_id);
  return std::move(out).Take();
}

Decoded<ReceiveFilterClearParameters> DecodeReceiveFilterClearParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterClearParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveFilterClearParameters{in.U32(4), in.U32(8), in.U32(12)};
}

Bytes Encode(const ReceiveQueueFreeParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveQueueFreeParameters, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, value.queue_id);
  return std::move(out).Take();
}

Decoded<ReceiveQueueFreeParameters> DecodeReceiveQueueFreeParameters(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveQueueFreeParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveQueueFreeParameters{in.U32(4), in.U32(8)};
}

// --- QUEUE_ALLOCATION_COMPLETE ----------------------------------------------------------------

Bytes Encode(const ReceiveQueueAllocationCompleteParameters& value) {
  WireWriter out = StartEncoding(Structure::kReceiveQueueAllocationCompleteParameters, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, value.queue_id);
  out.U32(12, static_cast<std::uint32_t>(value.completion_status));
  return std::move(out).Take();
}

Decoded<ReceiveQueueAllocationCompleteParameters> DecodeReceiveQueueAllocationCompleteParameters(
    ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveQueueAllocationCompleteParameters);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveQueueAllocationCompleteParameters{in.U32(4), in.U32(8),
                                                  static_cast<NdisStatus>(in.U32(12))};
}

Bytes Encode(const ReceiveQueueAllocationCompleteArray& value) {
  const std::size_t fixed = ndis::SizeOf(Structure::kReceiveQueueAllocationCompleteArray, kRevision1);
  const std::size_t element =
      ndis::SizeOf(Structure::kReceiveQueueAllocationCompleteParameters, kRevision1);
  const std::size_t offset = value.elements.empty() ? 0 : ArrayOffset(fixed);
  WireWriter out = StartEncoding(Structure::kReceiveQueueAllocationCompleteArray, kRevision1,
                                 offset + element * value.elements.size());
  out.U32(4, value.flags);
  out.U32(8, static_cast<std::uint32_t>(offset));
  out.U32(12, static_cast<std::uint32_t>(value.elements.size()));
  out.U32(16, static_cast<std::uint32_t>(element));
  for (std::size_t i = 0; i < value.elements.size(); ++i) {
    out.Put(offset + i * element, legacy::Encode(value.elements[i]));
  }
  return std::move(out).Take();
}

Decoded<ReceiveQueueAllocationCompleteArray> DecodeReceiveQueueAllocationCompleteArray(
    ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveQueueAllocationCompleteArray);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveQueueAllocationCompleteArray value;
  value.flags = in.U32(4);
  auto elements = DecodeArray<ReceiveQueueAllocationCompleteParameters>(
      bytes, header->size, in.U32(8), in.U32(12), in.U32(16),
      Structure::kReceiveQueueAllocationCompleteParameters,
      DecodeReceiveQueueAllocationCompleteParameters, "allocation complete array");
  if (!elements) return elements.error();
  value.elements = std::move(elements).value();
  return value;
}

// --- ENUM_FILTERS -----------------------------------------------------------------------------

Bytes Encode(const ReceiveFilterInfo& value) {
  WireWriter out = StartEncoding(Structure::kReceiveFilterInfo, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, static_cast<std::uint32_t>(value.filter_type));
  out.U32(12, value.filter_id);
  return std::move(out).Take();
}

Decoded<ReceiveFilterInfo> DecodeReceiveFilterInfo(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterInfo);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveFilterInfo{in.U32(4), static_cast<ReceiveFilterType>(in.U32(8)), in.U32(12)};
}

Bytes Encode(const ReceiveFilterInfoArray& value) {
  const std::size_t fixed = ndis::SizeOf(Structure::kReceiveFilterInfoArray, value.revision);
  const std::size_t element = ndis::SizeOf(Structure::kReceiveFilterInfo, kRevision1);
  const std::size_t offset = value.elements.empty() ? 0 : ArrayOffset(fixed);
  WireWriter out = StartEncoding(Structure::kReceiveFilterInfoArray, value.revision,
                                 offset + element * value.elements.size());
  out.U32(4, value.queue_id);
  out.U32(8, static_cast<std::uint32_t>(offset));
  out.U32(12, static_cast<std::uint32_t>(value.elements.size()));
  out.U32(16, static_cast<std::uint32_t>(element));
  if (value.revision >= kRevision2) {
    out.U32(20, value.flags);
    out.U32(24, value.vport_id);
  }
  for (std::size_t i = 0; i < value.elements.size(); ++i) {
    out.Put(offset + i * element, legacy::Encode(value.elements[i]));
  }
  return std::move(out).Take();
}

Decoded<ReceiveFilterInfoArray> DecodeReceiveFilterInfoArray(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveFilterInfoArray);
  if (!header) return header.error();
  WireReader in(bytes);
  ReceiveFilterInfoArray value;
  value.revision = header->revision;
  value.queue_id = in.U32(4);
  if (value.revision >= kRevision2) {
    value.flags = in.U32(20);
    value.vport_id = in.U32(24);
  }
  auto elements = DecodeArray<ReceiveFilterInfo>(bytes, header->size, in.U32(8), in.U32(12),
                                                 in.U32(16), Structure::kReceiveFilterInfo,
                                                 DecodeReceiveFilterInfo, "filter info array");
  if (!elements) return elements.error();
  value.elements = std::move(elements).value();
  return value;
}

// --- NDIS_RECEIVE_QUEUE_STATE -----------------------------------------------------------------

Bytes Encode(const ReceiveQueueState& value) {
  WireWriter out = StartEncoding(Structure::kReceiveQueueState, kRevision1);
  out.U32(4, value.flags);
  out.U32(8, value.queue_id);
  out.U32(12, static_cast<std::uint32_t>(value.state));
  return std::move(out).Take();
}

Decoded<ReceiveQueueState> DecodeReceiveQueueState(ByteView bytes) {
  auto header = ndis::CheckHeader(bytes, Structure::kReceiveQueueState);
  if (!header) return header.error();
  WireReader in(bytes);
  return ReceiveQueueState{in.U32(4), in.U32(8), static_cast<QueueOperationalState>(in.U32(12))};
}

}  // namespace vmqkit::ndis::legacy
