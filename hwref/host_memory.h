#pragma once
// Simulated host memory the device DMAs into: one contiguous range of bus addresses. Every
// access is bounds-checked; an access outside the range fails instead of touching anything.
// The bytes start as zero and cost nothing until touched (anonymous pages): an adapter's DMA
// memory is megabytes of which a run touches a few rings, and adapters are created by the
// thousand in a conformance run.
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace vmqkit::hwref {

class HostMemory {
 public:
  HostMemory(std::uint64_t base, std::size_t size);
  HostMemory(const HostMemory& other);
  HostMemory& operator=(const HostMemory& other);
  HostMemory(HostMemory&& other) noexcept;
  HostMemory& operator=(HostMemory&& other) noexcept;
  ~HostMemory() = default;

  std::uint64_t base() const { return base_; }
  std::size_t size() const { return size_; }
  bool Contains(std::uint64_t address, std::size_t length) const {
    return address >= base_ && length <= size_ && address - base_ <= size_ - length;
  }
  // false (and nothing copied) when [address, address+length) is not all inside the range.
  bool Read(std::uint64_t address, std::span<std::uint8_t> out) const;
  bool Write(std::uint64_t address, std::span<const std::uint8_t> data);
  bool Read64(std::uint64_t address, std::uint64_t& value) const;
  bool Write64(std::uint64_t address, std::uint64_t value);
  // The bytes of [address, address+length), or nullptr when not all inside the range: what a
  // driver's virtual mapping of its DMA memory is, checked once per ring instead of per access.
  std::uint8_t* Bytes(std::uint64_t address, std::size_t length) {
    return Contains(address, length) ? bytes_.get() + (address - base_) : nullptr;
  }

 private:
  struct Unmap {
    std::size_t size = 0;
    void operator()(std::uint8_t* bytes) const;
  };
  static std::unique_ptr<std::uint8_t[], Unmap> Allocate(std::size_t size);

  std::uint64_t base_;
  std::size_t size_;
  std::unique_ptr<std::uint8_t[], Unmap> bytes_;
};

// memcpy for a frame's few dozen bytes, as fixed-size moves: a variable-length memcpy becomes a
// library call or `rep movs`, whose start-up costs more than a 64-byte frame's copy.
// [src, src+n) and [dst, dst+n) must not overlap.
inline void CopyFrameBytes(std::uint8_t* dst, const std::uint8_t* src, std::size_t n) {
  if (n >= 32) {
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) std::memcpy(dst + i, src + i, 32);
    if (i < n) std::memcpy(dst + n - 32, src + n - 32, 32);
  } else if (n >= 16) {
    std::memcpy(dst, src, 16);
    std::memcpy(dst + n - 16, src + n - 16, 16);
  } else if (n >= 8) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else {
    for (std::size_t i = 0; i < n; ++i) dst[i] = src[i];
  }
}

// A little-endian 64-bit word at `bytes` (descriptors are little-endian, as on PCIe).
inline std::uint64_t LoadLe64(const std::uint8_t* bytes) {
  std::uint64_t value = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&value, bytes, 8);
  } else {
    for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  }
  return value;
}
inline void StoreLe64(std::uint8_t* bytes, std::uint64_t value) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(bytes, &value, 8);
  } else {
    for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

}  // namespace vmqkit::hwref
