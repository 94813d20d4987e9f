#include "hwref/host_memory.h"

#include <sys/mman.h>

#include <cstring>
#include <new>
#include <utility>

namespace vmqkit::hwref {

std::unique_ptr<std::uint8_t[], HostMemory::Unmap> HostMemory::Allocate(std::size_t size) {
  if (size == 0) return {nullptr, Unmap{0}};
  // Anonymous pages read as zero and are backed only once written.
  void* bytes = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (bytes == MAP_FAILED) throw std::bad_alloc();
  return {static_cast<std::uint8_t*>(bytes), Unmap{size}};
}

void HostMemory::Unmap::operator()(std::uint8_t* bytes) const {
  if (bytes != nullptr) munmap(bytes, size);
}

HostMemory::HostMemory(std::uint64_t base, std::size_t size)
    : base_(base), size_(size), bytes_(Allocate(size)) {}

HostMemory::HostMemory(const HostMemory& other)
    : base_(other.base_), size_(other.size_), bytes_(Allocate(other.size_)) {
  if (size_ != 0) std::memcpy(bytes_.get(), other.bytes_.get(), size_);
}

HostMemory::HostMemory(HostMemory&& other) noexcept
    : base_(other.base_), size_(std::exchange(other.size_, 0)), bytes_(std::move(other.bytes_)) {}

HostMemory& HostMemory::operator=(HostMemory&& other) noexcept {
  base_ = other.base_;
  size_ = std::exchange(other.size_, 0);
  bytes_ = std::move(other.bytes_);
  return *this;
}

HostMemory& HostMemory::operator=(const HostMemory& other) {
  if (this != &other) *this = HostMemory(other);
  return *this;
}

bool HostMemory::Read(std::uint64_t address, std::span<std::uint8_t> out) const {
  if (!Contains(address, out.size())) return false;
  if (!out.empty()) std::memcpy(out.data(), bytes_.get() + (address - base_), out.size());
  return true;
}

bool HostMemory::Write(std::uint64_t address, std::span<const std::uint8_t> data) {
  if (!Contains(address, data.size())) return false;
  if (!data.empty()) std::memcpy(bytes_.get() + (address - base_), data.data(), data.size());
  return true;
}

// Descriptors are little-endian, as on PCIe.
bool HostMemory::Read64(std::uint64_t address, std::uint64_t& value) const {
  if (!Contains(address, 8)) return false;
  value = LoadLe64(bytes_.get() + (address - base_));
  return true;
}

bool HostMemory::Write64(std::uint64_t address, std::uint64_t value) {
  if (!Contains(address, 8)) return false;
  StoreLe64(bytes_.get() + (address - base_), value);
  return true;
}

}  // namespace vmqkit::hwref
