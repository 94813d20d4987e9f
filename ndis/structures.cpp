#include "ndis/structures.h"

#include "ndis/structure_fields.h"

#include <algorithm>
#include <limits>
#include <string>

namespace vmqkit::ndis {
namespace {

constexpr std::array kLayouts = {
    StructureLayout{
        Structure::kReceiveFilterCapabilities, "NDIS_RECEIVE_FILTER_CAPABILITIES", 2, {56, 84, 0}},
    StructureLayout{Structure::kReceiveFilterGlobalParameters,
                    "NDIS_RECEIVE_FILTER_GLOBAL_PARAMETERS",
                    1,
                    {16, 0, 0}},
    StructureLayout{
        Structure::kReceiveQueueParameters, "NDIS_RECEIVE_QUEUE_PARAMETERS", 3, {1084, 1092, 1096}},
    StructureLayout{
        Structure::kReceiveFilterParameters, "NDIS_RECEIVE_FILTER_PARAMETERS", 2, {36, 44, 0}},
    // Both revisions end at ResultValue: the same 56 bytes.
    StructureLayout{Structure::kReceiveFilterFieldParameters,
                    "NDIS_RECEIVE_FILTER_FIELD_PARAMETERS",
                    2,
                    {56, 56, 0}},
    StructureLayout{Structure::kReceiveFilterClearParameters,
                    "NDIS_RECEIVE_FILTER_CLEAR_PARAMETERS",
                    1,
                    {16, 0, 0}},
    StructureLayout{Structure::kReceiveQueueFreeParameters,
                    "NDIS_RECEIVE_QUEUE_FREE_PARAMETERS",
                    1,
                    {12, 0, 0}},
    StructureLayout{Structure::kReceiveQueueAllocationCompleteArray,
                    "NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_ARRAY",
                    1,
                    {20, 0, 0}},
    StructureLayout{Structure::kReceiveQueueAllocationCompleteParameters,
                    "NDIS_RECEIVE_QUEUE_ALLOCATION_COMPLETE_PARAMETERS",
                    1,
                    {16, 0, 0}},
    StructureLayout{
        Structure::kReceiveFilterInfoArray, "NDIS_RECEIVE_FILTER_INFO_ARRAY", 2, {20, 28, 0}},
    StructureLayout{Structure::kReceiveFilterInfo, "NDIS_RECEIVE_FILTER_INFO", 1, {16, 0, 0}},
    StructureLayout{Structure::kReceiveQueueState, "NDIS_RECEIVE_QUEUE_STATE", 1, {16, 0, 0}},
};

std::string Name(Structure structure) {
  return std::string(LayoutOf(structure).name);
}

WireWriter StartEncoding(Structure structure, std::uint8_t revision, std::size_t total = 0) {
  std::uint16_t size = SizeOf(structure, revision);
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

// FirstElementOffset, NumElements and ElementSize of a *_ARRAY structure.
struct ArrayExtent {
  std::uint32_t first_element_offset = 0;
  std::uint32_t num_elements = 0;
  std::uint32_t element_size = 0;
};

std::size_t ArrayOffset(std::size_t fixed_size) {
  return (fixed_size + 7) / 8 * 8;
}

// The array that FirstElementOffset/NumElements/ElementSize describe: inside the buffer, after the
// fixed part, elements at least as large as revision 1 of their structure.
template <typename Element>
Decoded<std::vector<Element>> DecodeArray(ByteView bytes, std::size_t fixed_size,
                                          const ArrayExtent& array, Structure element,
                                          Decoded<Element> (*decode)(ByteView),
                                          std::string_view what) {
  const std::uint32_t offset = array.first_element_offset;
  const std::uint32_t count = array.num_elements;
  const std::uint32_t element_size = array.element_size;
  std::vector<Element> elements;
  if (count == 0) return elements;  // the offset is ignored then ([DDI])
  const std::uint32_t minimum = SizeOf(element, kRevision1);
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

// Writes the members of `revision` and older; the array members say where `array` puts the
// elements.
template <typename T>
void WriteFields(std::span<const Field<T>> fields, const T& value, std::uint8_t revision,
                 const ArrayExtent& array, WireWriter& out) {
  for (const Field<T>& field : fields) {
    if (field.since_revision > revision) continue;
    switch (field.kind) {
      case FieldKind::kNumber:
        out.Unsigned(field.offset, field.width, field.get(value));
        break;
      case FieldKind::kBytes:
        out.Put(field.offset, field.bytes(value));
        break;
      case FieldKind::kCountedString:
        WriteCountedString(out, field.offset, field.text(value));
        break;
      case FieldKind::kFirstElementOffset:
        out.U32(field.offset, array.first_element_offset);
        break;
      case FieldKind::kNumElements:
        out.U32(field.offset, array.num_elements);
        break;
      case FieldKind::kElementSize:
        out.U32(field.offset, array.element_size);
        break;
    }
  }
}

// Reads the members of `revision` and older into `value` (CheckHeader has made sure they are
// inside the buffer) and returns what the array members say.
template <typename T>
Decoded<ArrayExtent> ReadFields(std::span<const Field<T>> fields, const WireReader& in,
                                std::uint8_t revision, T& value) {
  ArrayExtent array;
  for (const Field<T>& field : fields) {
    if (field.since_revision > revision) continue;
    switch (field.kind) {
      case FieldKind::kNumber:
        field.set(value, in.Unsigned(field.offset, field.width));
        break;
      case FieldKind::kBytes: {
        const ByteView bytes = in.Slice(field.offset, field.width);
        std::copy(bytes.begin(), bytes.end(), field.mutable_bytes(value).begin());
        break;
      }
      case FieldKind::kCountedString: {
        auto text = ReadCountedString(in, field.offset, field.name);
        if (!text) return text.error();
        field.mutable_text(value) = std::move(text).value();
        break;
      }
      case FieldKind::kFirstElementOffset:
        array.first_element_offset = in.U32(field.offset);
        break;
      case FieldKind::kNumElements:
        array.num_elements = in.U32(field.offset);
        break;
      case FieldKind::kElementSize:
        array.element_size = in.U32(field.offset);
        break;
    }
  }
  return array;
}

// Structures without a Revision member in this vocabulary are revision 1 only.
template <typename T>
std::uint8_t RevisionOf(const T& value) {
  if constexpr (requires { value.revision; }) {
    return value.revision;
  } else {
    return kRevision1;
  }
}

template <typename T>
void SetRevision(T& value, std::uint8_t revision) {
  if constexpr (requires { value.revision; }) value.revision = revision;
}

template <typename T, std::size_t N>
Bytes EncodeFixed(Structure structure, const std::array<Field<T>, N>& fields, const T& value) {
  const std::uint8_t revision = RevisionOf(value);
  WireWriter out = StartEncoding(structure, revision);
  WriteFields<T>(fields, value, revision, {}, out);
  return std::move(out).Take();
}

template <typename T, std::size_t N>
Decoded<T> DecodeFixed(Structure structure, const std::array<Field<T>, N>& fields, ByteView bytes) {
  return CheckHeader(bytes, structure).and_then([&](const ObjectHeader& header) -> Decoded<T> {
    T value;
    SetRevision(value, header.revision);
    return ReadFields<T>(fields, WireReader(bytes), header.revision, value)
        .transform([&](const ArrayExtent&) { return std::move(value); });
  });
}

// A *_ARRAY structure: the elements follow the fixed part of the value's revision, at an
// 8-aligned offset, each the size of revision 1 of the element structure.
template <typename T, std::size_t N, typename Element>
Bytes EncodeWithArray(Structure structure, const std::array<Field<T>, N>& fields, const T& value,
                      Structure element_structure, const std::vector<Element>& elements) {
  const std::uint8_t revision = RevisionOf(value);
  const std::size_t element = SizeOf(element_structure, kRevision1);
  const std::size_t offset = elements.empty() ? 0 : ArrayOffset(SizeOf(structure, revision));
  WireWriter out = StartEncoding(structure, revision, offset + element * elements.size());
  const ArrayExtent array{static_cast<std::uint32_t>(offset),
                          static_cast<std::uint32_t>(elements.size()),
                          static_cast<std::uint32_t>(element)};
  WriteFields<T>(fields, value, revision, array, out);
  for (std::size_t i = 0; i < elements.size(); ++i)
    out.Put(offset + i * element, Encode(elements[i]));
  return std::move(out).Take();
}

template <typename T, std::size_t N, typename Element>
Decoded<T> DecodeWithArray(Structure structure, const std::array<Field<T>, N>& fields,
                           ByteView bytes, std::vector<Element> T::*elements,
                           Structure element_structure,
                           Decoded<Element> (*decode_element)(ByteView), std::string_view what) {
  return CheckHeader(bytes, structure).and_then([&](const ObjectHeader& header) -> Decoded<T> {
    T value;
    SetRevision(value, header.revision);
    auto array = ReadFields<T>(fields, WireReader(bytes), header.revision, value);
    if (!array) return array.error();
    return DecodeArray<Element>(bytes, header.size, *array, element_structure, decode_element, what)
        .transform([&](std::vector<Element> decoded) {
          value.*elements = std::move(decoded);
          return std::move(value);
        });
  });
}

}  // namespace

std::span<const StructureLayout> StructureLayouts() {
  return kLayouts;
}

const StructureLayout& LayoutOf(Structure structure) {
  return kLayouts[static_cast<std::size_t>(structure)];
}

std::uint16_t SizeOf(Structure structure, std::uint8_t revision) {
  const StructureLayout& layout = LayoutOf(structure);
  if (revision == 0) return 0;
  revision = std::min(revision, layout.max_revision);
  return layout.size_by_revision[revision - 1u];
}

Bytes Encode(const ObjectHeader& header) {
  WireWriter out(kObjectHeaderSize);
  out.U8(0, header.type);
  out.U8(1, header.revision);
  out.U16(2, header.size);
  return std::move(out).Take();
}

Decoded<ObjectHeader> DecodeObjectHeader(ByteView bytes) {
  if (bytes.size() < kObjectHeaderSize) {
    return TooShort(kObjectHeaderSize, "an NDIS_OBJECT_HEADER needs 4 bytes");
  }
  WireReader in(bytes);
  return ObjectHeader{in.U8(0), in.U8(1), in.U16(2)};
}

Decoded<ObjectHeader> CheckHeader(ByteView bytes, Structure structure) {
  const StructureLayout& layout = LayoutOf(structure);
  const std::string name(layout.name);
  if (bytes.size() < kObjectHeaderSize) {
    return TooShort(layout.size_by_revision[0],
                    name + " needs at least " + std::to_string(layout.size_by_revision[0]) +
                        " bytes, the buffer has " + std::to_string(bytes.size()));
  }
  ObjectHeader header = DecodeObjectHeader(bytes).value();
  if (header.type != kObjectTypeDefault) {
    return BadField(name + ": Header.Type is " + std::to_string(header.type) +
                    ", not NDIS_OBJECT_TYPE_DEFAULT (128)");
  }
  if (header.revision == 0) return BadField(name + ": Header.Revision is 0");
  header.revision = std::min(header.revision, layout.max_revision);
  const std::uint16_t needed = SizeOf(structure, header.revision);
  if (bytes.size() < needed) {
    return TooShort(needed, name + " revision " + std::to_string(header.revision) + " needs " +
                                std::to_string(needed) + " bytes, the buffer has " +
                                std::to_string(bytes.size()));
  }
  if (header.size < needed) {
    return BadField(name + ": Header.Size " + std::to_string(header.size) +
                    " is smaller than NDIS_SIZEOF_..._REVISION_" + std::to_string(header.revision) +
                    " (" + std::to_string(needed) + ")");
  }
  if (header.size > bytes.size()) {
    return TooShort(header.size, name + ": Header.Size " + std::to_string(header.size) +
                                     " is larger than the buffer (" + std::to_string(bytes.size()) +
                                     ")");
  }
  return header;
}

// --- NDIS_RECEIVE_FILTER_FIELD_PARAMETERS helpers ---------------------------------------------

std::array<std::uint8_t, 6> ReceiveFilterFieldParameters::FieldMacAddress() const {
  std::array<std::uint8_t, 6> mac{};
  std::copy_n(field_value.begin(), 6, mac.begin());
  return mac;
}

std::uint16_t ReceiveFilterFieldParameters::FieldNetworkShort() const {
  return static_cast<std::uint16_t>((field_value[0] << 8) | field_value[1]);
}

ReceiveFilterFieldParameters MacDestinationField(const std::array<std::uint8_t, 6>& mac,
                                                 bool untagged_or_zero) {
  ReceiveFilterFieldParameters field;
  field.flags = untagged_or_zero ? kFieldMacHeaderVlanUntaggedOrZero : 0;
  field.header_field = static_cast<std::uint32_t>(MacHeaderField::kDestinationAddress);
  std::copy(mac.begin(), mac.end(), field.field_value.begin());
  return field;
}

ReceiveFilterFieldParameters VlanIdField(std::uint16_t vlan_id) {
  ReceiveFilterFieldParameters field;
  field.header_field = static_cast<std::uint32_t>(MacHeaderField::kVlanId);
  field.field_value[0] = static_cast<std::uint8_t>(vlan_id >> 8);
  field.field_value[1] = static_cast<std::uint8_t>(vlan_id);
  return field;
}

Bytes Encode(const ReceiveFilterCapabilities& value) {
  return EncodeFixed(Structure::kReceiveFilterCapabilities, kReceiveFilterCapabilitiesFields,
                     value);
}
Decoded<ReceiveFilterCapabilities> DecodeReceiveFilterCapabilities(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveFilterCapabilities, kReceiveFilterCapabilitiesFields,
                     bytes);
}

Bytes Encode(const ReceiveFilterGlobalParameters& value) {
  return EncodeFixed(Structure::kReceiveFilterGlobalParameters,
                     kReceiveFilterGlobalParametersFields, value);
}
Decoded<ReceiveFilterGlobalParameters> DecodeReceiveFilterGlobalParameters(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveFilterGlobalParameters,
                     kReceiveFilterGlobalParametersFields, bytes);
}

Bytes Encode(const ReceiveQueueParameters& value) {
  return EncodeFixed(Structure::kReceiveQueueParameters, kReceiveQueueParametersFields, value);
}
Decoded<ReceiveQueueParameters> DecodeReceiveQueueParameters(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveQueueParameters, kReceiveQueueParametersFields, bytes);
}

Bytes Encode(const ReceiveFilterFieldParameters& value) {
  return EncodeFixed(Structure::kReceiveFilterFieldParameters, kReceiveFilterFieldParametersFields,
                     value);
}
Decoded<ReceiveFilterFieldParameters> DecodeReceiveFilterFieldParameters(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveFilterFieldParameters, kReceiveFilterFieldParametersFields,
                     bytes);
}

Bytes Encode(const ReceiveFilterParameters& value) {
  return EncodeWithArray(Structure::kReceiveFilterParameters, kReceiveFilterParametersFields, value,
                         Structure::kReceiveFilterFieldParameters, value.fields);
}
Decoded<ReceiveFilterParameters> DecodeReceiveFilterParameters(ByteView bytes) {
  return DecodeWithArray(Structure::kReceiveFilterParameters, kReceiveFilterParametersFields, bytes,
                         &ReceiveFilterParameters::fields, Structure::kReceiveFilterFieldParameters,
                         DecodeReceiveFilterFieldParameters, "FieldParametersArray");
}

Bytes Encode(const ReceiveFilterClearParameters& value) {
  return EncodeFixed(Structure::kReceiveFilterClearParameters, kReceiveFilterClearParametersFields,
                     value);
}
Decoded<ReceiveFilterClearParameters> DecodeReceiveFilterClearParameters(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveFilterClearParameters, kReceiveFilterClearParametersFields,
                     bytes);
}

Bytes Encode(const ReceiveQueueFreeParameters& value) {
  return EncodeFixed(Structure::kReceiveQueueFreeParameters, kReceiveQueueFreeParametersFields,
                     value);
}
Decoded<ReceiveQueueFreeParameters> DecodeReceiveQueueFreeParameters(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveQueueFreeParameters, kReceiveQueueFreeParametersFields,
                     bytes);
}

Bytes Encode(const ReceiveQueueAllocationCompleteParameters& value) {
  return EncodeFixed(Structure::kReceiveQueueAllocationCompleteParameters,
                     kReceiveQueueAllocationCompleteParametersFields, value);
}
Decoded<ReceiveQueueAllocationCompleteParameters> DecodeReceiveQueueAllocationCompleteParameters(
    ByteView bytes) {
  return DecodeFixed(Structure::kReceiveQueueAllocationCompleteParameters,
                     kReceiveQueueAllocationCompleteParametersFields, bytes);
}

Bytes Encode(const ReceiveQueueAllocationCompleteArray& value) {
  return EncodeWithArray(Structure::kReceiveQueueAllocationCompleteArray,
                         kReceiveQueueAllocationCompleteArrayFields, value,
                         Structure::kReceiveQueueAllocationCompleteParameters, value.elements);
}
Decoded<ReceiveQueueAllocationCompleteArray> DecodeReceiveQueueAllocationCompleteArray(
    ByteView bytes) {
  return DecodeWithArray(
      Structure::kReceiveQueueAllocationCompleteArray, kReceiveQueueAllocationCompleteArrayFields,
      bytes, &ReceiveQueueAllocationCompleteArray::elements,
      Structure::kReceiveQueueAllocationCompleteParameters,
      DecodeReceiveQueueAllocationCompleteParameters, "allocation complete array");
}

Bytes Encode(const ReceiveFilterInfo& value) {
  return EncodeFixed(Structure::kReceiveFilterInfo, kReceiveFilterInfoFields, value);
}
Decoded<ReceiveFilterInfo> DecodeReceiveFilterInfo(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveFilterInfo, kReceiveFilterInfoFields, bytes);
}

Bytes Encode(const ReceiveFilterInfoArray& value) {
  return EncodeWithArray(Structure::kReceiveFilterInfoArray, kReceiveFilterInfoArrayFields, value,
                         Structure::kReceiveFilterInfo, value.elements);
}
Decoded<ReceiveFilterInfoArray> DecodeReceiveFilterInfoArray(ByteView bytes) {
  return DecodeWithArray(Structure::kReceiveFilterInfoArray, kReceiveFilterInfoArrayFields, bytes,
                         &ReceiveFilterInfoArray::elements, Structure::kReceiveFilterInfo,
                         DecodeReceiveFilterInfo, "filter info array");
}

Bytes Encode(const ReceiveQueueState& value) {
  return EncodeFixed(Structure::kReceiveQueueState, kReceiveQueueStateFields, value);
}
Decoded<ReceiveQueueState> DecodeReceiveQueueState(ByteView bytes) {
  return DecodeFixed(Structure::kReceiveQueueState, kReceiveQueueStateFields, bytes);
}

// --- in-place edits -------------------------------------------------------------------------

std::optional<Structure> RequestStructure(Oid oid) {
  struct Row {
    Oid oid;
    Structure structure;
  };
  constexpr Row kRows[] = {
      {kOidReceiveFilterHardwareCapabilities, Structure::kReceiveFilterCapabilities},
      {kOidReceiveFilterCurrentCapabilities, Structure::kReceiveFilterCapabilities},
      {kOidReceiveFilterGlobalParameters, Structure::kReceiveFilterGlobalParameters},
      {kOidReceiveFilterAllocateQueue, Structure::kReceiveQueueParameters},
      {kOidReceiveFilterQueueParameters, Structure::kReceiveQueueParameters},
      {kOidReceiveFilterFreeQueue, Structure::kReceiveQueueFreeParameters},
      {kOidReceiveFilterSetFilter, Structure::kReceiveFilterParameters},
      {kOidReceiveFilterParameters, Structure::kReceiveFilterParameters},
      {kOidReceiveFilterClearFilter, Structure::kReceiveFilterClearParameters},
      {kOidReceiveFilterEnumFilters, Structure::kReceiveFilterInfoArray},
      {kOidReceiveFilterQueueAllocationComplete, Structure::kReceiveQueueAllocationCompleteArray},
  };
  for (const Row& row : kRows) {
    if (row.oid == oid) return row.structure;
  }
  return std::nullopt;
}

std::uint64_t GetField(ByteView bytes, FieldRef field) {
  return GetLittleEndian(bytes, field.offset, field.width);
}

void PutField(std::span<std::uint8_t> bytes, FieldRef field, std::uint64_t value) {
  PutLittleEndian(bytes, field.offset, field.width, value);
}

std::span<std::uint8_t> ArrayElement(std::span<std::uint8_t> bytes, Structure array,
                                     std::size_t index) {
  ArrayExtent extent;
  bool known = false;
  auto read = [&](const auto& fields) {
    for (const auto& field : fields) {
      const auto value = static_cast<std::uint32_t>(GetLittleEndian(bytes, field.offset, 4));
      if (field.kind == FieldKind::kFirstElementOffset) extent.first_element_offset = value;
      if (field.kind == FieldKind::kElementSize) extent.element_size = value;
      known = known || field.kind == FieldKind::kElementSize;
    }
  };
  if (array == Structure::kReceiveQueueAllocationCompleteArray) {
    read(kReceiveQueueAllocationCompleteArrayFields);
  } else if (array == Structure::kReceiveFilterInfoArray) {
    read(kReceiveFilterInfoArrayFields);
  } else if (array == Structure::kReceiveFilterParameters) {
    read(kReceiveFilterParametersFields);
  }
  const std::uint64_t start =
      std::uint64_t{extent.first_element_offset} + std::uint64_t{index} * extent.element_size;
  if (!known || start > bytes.size() || extent.element_size > bytes.size() - start) return {};
  return bytes.subspan(static_cast<std::size_t>(start), extent.element_size);
}

}  // namespace vmqkit::ndis
