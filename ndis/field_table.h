#pragma once
// A structure's layout as data: one row per member (its ntddndis.h name, byte offset, width, the
// revision that introduced it and how to reach it in the C++ value). One table drives both the
// encoder and the decoder, so an offset is written down once.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "ndis/constants.h"
#include "ndis/wire.h"

namespace vmqkit::ndis {

enum class FieldKind : std::uint8_t {
  kNumber,         // UCHAR/USHORT/ULONG/ULONG64 or an enum, little-endian
  kBytes,          // a byte array or union copied as it is
  kCountedString,  // NDIS_IF_COUNTED_STRING
  // The three members that describe a trailing array; the codec computes them from the elements.
  kFirstElementOffset,
  kNumElements,
  kElementSize,
};

template <typename T>
struct Field {
  std::string_view name;  // the member as ntddndis.h spells it
  std::uint16_t offset = 0;
  std::uint16_t width = 0;
  std::uint8_t since_revision = kRevision1;
  FieldKind kind = FieldKind::kNumber;
  std::uint64_t (*get)(const T&) = nullptr;  // kNumber
  void (*set)(T&, std::uint64_t) = nullptr;  // kNumber
  ByteView (*bytes)(const T&) = nullptr;     // kBytes
  std::span<std::uint8_t> (*mutable_bytes)(T&) = nullptr;
  const std::u16string& (*text)(const T&) = nullptr;  // kCountedString
  std::u16string& (*mutable_text)(T&) = nullptr;
};

namespace field_detail {
template <typename M>
struct MemberOf;
template <typename C, typename M>
struct MemberOf<M C::*> {
  using Class = C;
};

template <auto First, auto... Rest, typename Object>
constexpr auto& Walk(Object& object) {
  if constexpr (sizeof...(Rest) == 0) {
    return object.*First;
  } else {
    return Walk<Rest...>(object.*First);
  }
}
}  // namespace field_detail

// A number reached through a chain of members (ProcessorAffinity.Mask is
// Number<&ReceiveQueueParameters::processor_affinity, &GroupAffinity::mask>).
template <auto First, auto... Rest>
constexpr auto Number(std::string_view name, std::uint16_t offset,
                      std::uint8_t since_revision = kRevision1) {
  using T = typename field_detail::MemberOf<decltype(First)>::Class;
  using M = std::remove_cvref_t<decltype(field_detail::Walk<First, Rest...>(std::declval<T&>()))>;
  Field<T> field{name, offset, sizeof(M), since_revision, FieldKind::kNumber};
  field.get = [](const T& value) {
    return static_cast<std::uint64_t>(field_detail::Walk<First, Rest...>(value));
  };
  field.set = [](T& value, std::uint64_t raw) {
    field_detail::Walk<First, Rest...>(value) = static_cast<M>(raw);
  };
  return field;
}

// Element `Index` of an array of numbers reached through a chain of members, laid out one
// element after another.
template <auto First, std::size_t Index, auto... Rest>
constexpr auto NumberAt(std::string_view name, std::uint16_t offset) {
  using T = typename field_detail::MemberOf<decltype(First)>::Class;
  using A = std::remove_cvref_t<decltype(field_detail::Walk<First, Rest...>(std::declval<T&>()))>;
  using M = typename A::value_type;
  Field<T> field{name, offset, sizeof(M), kRevision1, FieldKind::kNumber};
  field.get = [](const T& value) {
    return static_cast<std::uint64_t>(field_detail::Walk<First, Rest...>(value)[Index]);
  };
  field.set = [](T& value, std::uint64_t raw) {
    field_detail::Walk<First, Rest...>(value)[Index] = static_cast<M>(raw);
  };
  return field;
}

template <auto Member>
constexpr auto RawBytes(std::string_view name, std::uint16_t offset) {
  using T = typename field_detail::MemberOf<decltype(Member)>::Class;
  using A = std::remove_cvref_t<decltype(std::declval<T&>().*Member)>;
  Field<T> field{name, offset, sizeof(A), kRevision1, FieldKind::kBytes};
  field.bytes = [](const T& value) { return ByteView(value.*Member); };
  field.mutable_bytes = [](T& value) { return std::span<std::uint8_t>(value.*Member); };
  return field;
}

// NDIS_IF_COUNTED_STRING: USHORT Length in bytes, then IF_MAX_STRING_SIZE + 1 WCHARs.
inline constexpr std::uint16_t kCountedStringSize = 2 + 2 * (kIfMaxStringSize + 1);

template <auto Member>
constexpr auto CountedString(std::string_view name, std::uint16_t offset) {
  using T = typename field_detail::MemberOf<decltype(Member)>::Class;
  Field<T> field{name, offset, kCountedStringSize, kRevision1, FieldKind::kCountedString};
  field.text = [](const T& value) -> const std::u16string& { return value.*Member; };
  field.mutable_text = [](T& value) -> std::u16string& { return value.*Member; };
  return field;
}

template <typename T>
constexpr Field<T> ArrayMember(FieldKind kind, std::string_view name, std::uint16_t offset) {
  return Field<T>{name, offset, 4, kRevision1, kind};
}

// Where a table's row sits in a buffer, for code that edits one member in place.
struct FieldRef {
  std::uint16_t offset = 0;
  std::uint16_t width = 0;
};

}  // namespace vmqkit::ndis
