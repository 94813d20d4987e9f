#pragma once
// Little-endian (x64) access to OID information buffers, and the outcome of decoding one: a
// value, or the NDIS_STATUS an NDIS component answers with (INVALID_LENGTH with the bytes needed,
// INVALID_PARAMETER for a bad header or field) plus a sentence saying why.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
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

// A decoded structure or the failure an NDIS component answers with: base's Result with the
// NDIS-shaped error, so decoders chain with and_then/transform like every other reader.
template <typename T>
using Decoded = Result<T, DecodeFailure>;

// Stores `value` little-endian in bytes[offset, offset + width) (width at most 8); writes nothing
// when that range is not inside `bytes`. The one little-endian store of the tree.
void PutLittleEndian(std::span<std::uint8_t> bytes, std::size_t offset, std::size_t width,
                     std::uint64_t value);
inline void PutU32(std::span<std::uint8_t> bytes, std::size_t offset, std::uint32_t value) {
  PutLittleEndian(bytes, offset, 4, value);
}
// The little-endian number in bytes[offset, offset + width), or 0 when it is not inside `bytes`.
std::uint64_t GetLittleEndian(ByteView bytes, std::size_t offset, std::size_t width);

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
  std::uint64_t Unsigned(std::size_t offset, std::size_t width) const;
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
  void Unsigned(std::size_t offset, std::size_t width, std::uint64_t value);
  void Put(std::size_t offset, ByteView data);
  Bytes Take() && { return std::move(bytes_); }

 private:
  void Reserve(std::size_t end) {
    if (bytes_.size() < end) bytes_.resize(end, 0);
  }
  Bytes bytes_;
};

}  // namespace vmqkit::ndis
