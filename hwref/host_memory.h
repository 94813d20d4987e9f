#pragma once
// Simulated host memory the device DMAs into: one contiguous range of bus addresses. Every
// access is bounds-checked; an access outside the range fails instead of touching anything.
// The bytes start as zero and cost nothing until touched (anonymous pages): an adapter's DMA
// memory is megabytes of which a run touches a few rings, and adapters are created by the
// thousand in a conformance run.
#include <cstdint>
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

}  // namespace vmqkit::hwref
