#include "ndis/wire.h"

#include <algorithm>

namespace vmqkit::ndis {

void PutLittleEndian(std::span<std::uint8_t> bytes, std::size_t offset, std::size_t width,
                     std::uint64_t value) {
  if (offset > bytes.size() || width > bytes.size() - offset) return;
  for (std::size_t i = 0; i < width; ++i)
    bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint64_t GetLittleEndian(ByteView bytes, std::size_t offset, std::size_t width) {
  if (offset > bytes.size() || width > bytes.size() - offset) return 0;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i)
    value |= static_cast<std::uint64_t>(bytes[offset + i]) << (8 * i);
  return value;
}

std::uint8_t WireReader::U8(std::size_t offset) const {
  return static_cast<std::uint8_t>(Unsigned(offset, 1));
}
std::uint16_t WireReader::U16(std::size_t offset) const {
  return static_cast<std::uint16_t>(Unsigned(offset, 2));
}
std::uint32_t WireReader::U32(std::size_t offset) const {
  return static_cast<std::uint32_t>(Unsigned(offset, 4));
}
std::uint64_t WireReader::U64(std::size_t offset) const {
  return Unsigned(offset, 8);
}
std::uint64_t WireReader::Unsigned(std::size_t offset, std::size_t width) const {
  return GetLittleEndian(bytes_, offset, width);
}

ByteView WireReader::Slice(std::size_t offset, std::size_t length) const {
  if (!Has(offset, length)) return {};
  return bytes_.subspan(offset, length);
}

void WireWriter::U8(std::size_t offset, std::uint8_t value) {
  Unsigned(offset, 1, value);
}
void WireWriter::U16(std::size_t offset, std::uint16_t value) {
  Unsigned(offset, 2, value);
}
void WireWriter::U32(std::size_t offset, std::uint32_t value) {
  Unsigned(offset, 4, value);
}
void WireWriter::U64(std::size_t offset, std::uint64_t value) {
  Unsigned(offset, 8, value);
}
void WireWriter::Unsigned(std::size_t offset, std::size_t width, std::uint64_t value) {
  Reserve(offset + width);
  PutLittleEndian(bytes_, offset, width, value);
}

void WireWriter::Put(std::size_t offset, ByteView data) {
  Reserve(offset + data.size());
  std::copy(data.begin(), data.end(), bytes_.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace vmqkit::ndis
