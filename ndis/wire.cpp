#include "ndis/wire.h"

#include <algorithm>

namespace vmqkit::ndis {

std::uint8_t WireReader::U8(std::size_t offset) const {
  return Has(offset, 1) ? bytes_[offset] : 0;
}

std::uint16_t WireReader::U16(std::size_t offset) const {
  if (!Has(offset, 2)) return 0;
  return static_cast<std::uint16_t>(bytes_[offset] | (bytes_[offset + 1] << 8));
}

std::uint32_t WireReader::U32(std::size_t offset) const {
  if (!Has(offset, 4)) return 0;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 4; ++i)
    value |= static_cast<std::uint32_t>(bytes_[offset + i]) << (8 * i);
  return value;
}

std::uint64_t WireReader::U64(std::size_t offset) const {
  if (!Has(offset, 8)) return 0;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i)
    value |= static_cast<std::uint64_t>(bytes_[offset + i]) << (8 * i);
  return value;
}

ByteView WireReader::Slice(std::size_t offset, std::size_t length) const {
  if (!Has(offset, length)) return {};
  return bytes_.subspan(offset, length);
}

void WireWriter::U8(std::size_t offset, std::uint8_t value) {
  Reserve(offset + 1);
  bytes_[offset] = value;
}

void WireWriter::U16(std::size_t offset, std::uint16_t value) {
  Reserve(offset + 2);
  bytes_[offset] = static_cast<std::uint8_t>(value);
  bytes_[offset + 1] = static_cast<std::uint8_t>(value >> 8);
}

void WireWriter::U32(std::size_t offset, std::uint32_t value) {
  Reserve(offset + 4);
  for (std::size_t i = 0; i < 4; ++i)
    bytes_[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void WireWriter::U64(std::size_t offset, std::uint64_t value) {
  Reserve(offset + 8);
  for (std::size_t i = 0; i < 8; ++i)
    bytes_[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void WireWriter::Put(std::size_t offset, ByteView data) {
  Reserve(offset + data.size());
  std::copy(data.begin(), data.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace vmqkit::ndis
