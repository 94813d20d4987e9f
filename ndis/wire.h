#pragma once
// Little-endian (x64) access to OID information buffers, and the outcome of decoding one: a
// value, or the NDIS_STATUS an NDIS component answers with (INVALID_LENGTH with the bytes needed,
// INVALID_PARAMETER for a bad header or field) plus a sentence saying why.
#include <cassert>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "ndis/status.h"

namespace vmqkit::ndis {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

struct DecodeFailure {
  NdisStatus status = NdisStatus::kInvalidParameter;
  std::uint32_t bytes_needed = 0;  // INVALID_LENGTH only
  std::string reason;

  friend bool operator==(const DecodeFailure&, const DecodeFailure&) = default;
};

inline DecodeFailure TooShort(std::uint32_t needed, std::string reason) {
  return DecodeFailure{NdisStatus::kInvalidLength, needed, std::move(reason)};
}
inline DecodeFailure BadField(std::string reason) {
  return DecodeFailure{NdisStatus::kInvalidParameter, 0, std::move(reason)};
}

template <typename T>
class [[nodiscard]] Decoded {
 public:
  Decoded(T value) : state_(std::move(value)) {}                  // NOLINT: implicit by design
  Decoded(DecodeFailure failure) : state_(std::move(failure)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const DecodeFailure& failure() const {
    assert(!ok());
    return std::get<DecodeFailure>(state_);
  }

 private:
  std::variant<T, DecodeFailure> state_;
};

// Reads fixed-offset little-endian fields. Callers check the length first; a read that would
// leave the buffer yields 0 instead of touching memory outside it.
class WireReader {
 public:
  explicit WireReader(ByteView bytes) : bytes_(bytes) {}
  std::size_t size() const { return bytes_.size(); }
  std::uint8_t U8(std::size_t offset) const;
  std::uint16_t U16(std::size_t offset) const;
  std::uint32_t U32(std::size_t offset) const;
  std::uint64_t U64(std::size_t offset) const;
  ByteView Slice(std::size_t offset, std::size_t length) const;

 private:
  bool Has(std::size_t offset, std::size_t length) const {
    return offset <= bytes_.size() && length <= bytes_.size() - offset;
  }
  ByteView bytes_;
};

// Writes little-endian fields into a zero-filled buffer that grows as needed.
class WireWriter {
 public:
  explicit WireWriter(std::size_t size) : bytes_(size, 0) {}
  void U8(std::size_t offset, std::uint8_t value);
  void U16(std::size_t offset, std::uint16_t value);
  void U32(std::size_t offset, std::uint32_t value);
  void U64(std::size_t offset, std::uint64_t value);
  void Put(std::size_t offset, ByteView data);
  Bytes Take() && { return std::move(bytes_); }

 private:
  void Reserve(std::size_t end) {
    if (bytes_.size() < end) bytes_.resize(end, 0);
  }
  Bytes bytes_;
};

}  // namespace vmqkit::ndis
