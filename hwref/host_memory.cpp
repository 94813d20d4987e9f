#include "hwref/host_memory.h"

#include <algorithm>

namespace vmqkit::hwref {

bool HostMemory::Read(std::uint64_t address, std::span<std::uint8_t> out) const {
  if (!Contains(address, out.size())) return false;
  std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(address - base_), out.size(),
              out.begin());
  return true;
}

bool HostMemory::Write(std::uint64_t address, std::span<const std::uint8_t> data) {
  if (!Contains(address, data.size())) return false;
  std::copy(data.begin(), data.end(),
            bytes_.begin() + static_cast<std::ptrdiff_t>(address - base_));
  return true;
}

// Descriptors are little-endian, as on PCIe.
bool HostMemory::Read64(std::uint64_t address, std::uint64_t& value) const {
  std::uint8_t b[8];
  if (!Read(address, b)) return false;
  value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | b[i];
  return true;
}

bool HostMemory::Write64(std::uint64_t address, std::uint64_t value) {
  std::uint8_t b[8];
  for (std::size_t i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(value >> (8 * i));
  return Write(address, b);
}

}  // namespace vmqkit::hwref
