#pragma once
// Simulated host memory the device DMAs into: one contiguous range of bus addresses. Every
// access is bounds-checked; an access outside the range fails instead of touching anything.
#include <cstdint>
#include <span>
#include <vector>

namespace vmqkit::hwref {

class HostMemory {
 public:
  HostMemory(std::uint64_t base, std::size_t size) : base_(base), bytes_(size) {}

  std::uint64_t base() const { return base_; }
  std::size_t size() const { return bytes_.size(); }
  bool Contains(std::uint64_t address, std::size_t length) const {
    return address >= base_ && length <= bytes_.size() && address - base_ <= bytes_.size() - length;
  }
  // false (and nothing copied) when [address, address+length) is not all inside the range.
  bool Read(std::uint64_t address, std::span<std::uint8_t> out) const;
  bool Write(std::uint64_t address, std::span<const std::uint8_t> data);
  bool Read64(std::uint64_t address, std::uint64_t& value) const;
  bool Write64(std::uint64_t address, std::uint64_t value);

 private:
  std::uint64_t base_;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace vmqkit::hwref
