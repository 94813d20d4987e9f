// C trampolines from the DUT ABI to the Miniport class. Nothing may throw across the ABI: every
// entry catches (allocation failure is the only exception the miniport can raise) and answers
// NDIS_STATUS_RESOURCES or does nothing.
#include "reference/dut_ops.h"

#include <memory>
#include <new>

#include "ndis/status.h"
#include "reference/miniport.h"
#include "vmqkit/version.h"

namespace vmqkit::reference {
namespace {

// MAXIMUM_GROUPS on x64 (E-004): a platform description with more groups is malformed.
constexpr std::uint32_t kMaximumGroups = 20;
constexpr auto kResources = static_cast<std::uint32_t>(ndis::NdisStatus::kResources);
constexpr auto kInvalidParameter = static_cast<std::uint32_t>(ndis::NdisStatus::kInvalidParameter);

Miniport* AsMiniport(void* adapter) {
  return static_cast<Miniport*>(adapter);
}

void* Create(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks, void* host,
             const hwref::Profile& profile) {
  if (platform == nullptr || callbacks == nullptr) return nullptr;
  if (platform->abi_version != VMQKIT_DUT_ABI_VERSION) return nullptr;
  if (platform->processor_group_count > kMaximumGroups) return nullptr;
  if (platform->processor_group_count > 0 && platform->processor_group_masks == nullptr)
    return nullptr;
  try {
    return new Miniport(*platform, *callbacks, host, AdapterOptions{profile});
  } catch (...) {
    return nullptr;
  }
}

void* CreateLarge(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks,
                  void* host) {
  return Create(platform, callbacks, host, hwref::kLargeProfile);
}
void* Create82599(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks,
                  void* host) {
  return Create(platform, callbacks, host, hwref::k82599Profile);
}

std::uint32_t Initialize(void* adapter, std::uint8_t* hardware, std::uint32_t hardware_length,
                         std::uint32_t* hardware_written, std::uint8_t* current,
                         std::uint32_t current_length, std::uint32_t* current_written) {
  std::uint32_t hw_written = 0;
  std::uint32_t cur_written = 0;
  if (adapter == nullptr || (hardware == nullptr && hardware_length != 0) ||
      (current == nullptr && current_length != 0)) {
    return kInvalidParameter;
  }
  std::uint32_t status = kResources;
  try {
    status = AsMiniport(adapter)->Initialize(
        std::span<std::uint8_t>(hardware, hardware == nullptr ? 0 : hardware_length), hw_written,
        std::span<std::uint8_t>(current, current == nullptr ? 0 : current_length), cur_written);
  } catch (...) {
    status = kResources;
  }
  if (hardware_written != nullptr) *hardware_written = hw_written;
  if (current_written != nullptr) *current_written = cur_written;
  return status;
}

std::uint32_t OidRequest(void* adapter, const vmqkit_oid_request* request) {
  if (adapter == nullptr || request == nullptr) return kInvalidParameter;
  try {
    return AsMiniport(adapter)->OidRequest(*request);
  } catch (...) {
    return kResources;
  }
}

void Receive(void* adapter, const std::uint8_t* frame, std::uint32_t length) {
  if (adapter == nullptr || (frame == nullptr && length != 0)) return;
  try {
    AsMiniport(adapter)->Receive(
        std::span<const std::uint8_t>(frame, frame == nullptr ? 0 : length));
  } catch (...) {
  }
}

void ReceiveBatch(void* adapter, const vmqkit_frame* frames, std::uint32_t count) {
  if (adapter == nullptr || (frames == nullptr && count != 0)) return;
  try {
    AsMiniport(adapter)->ReceiveBatch(
        std::span<const vmqkit_frame>(frames, frames == nullptr ? 0 : count));
  } catch (...) {
  }
}

void ReturnIndications(void* adapter, const std::uint64_t* cookies, std::uint32_t count) {
  if (adapter == nullptr || cookies == nullptr) return;
  try {
    AsMiniport(adapter)->ReturnIndications(std::span<const std::uint64_t>(cookies, count));
  } catch (...) {
  }
}

void Halt(void* adapter) {
  if (adapter == nullptr) return;
  try {
    AsMiniport(adapter)->Halt();
  } catch (...) {
  }
}

void Destroy(void* adapter) {
  delete AsMiniport(adapter);
}

vmqkit_dut_ops MakeOps(void* (*create)(const vmqkit_platform*, const vmqkit_host_callbacks*, void*),
                       const char* name) {
  return vmqkit_dut_ops{VMQKIT_DUT_ABI_VERSION,
                        sizeof(vmqkit_dut_ops),
                        name,
                        vmqkit::kVersion,
                        create,
                        Initialize,
                        OidRequest,
                        Receive,
                        ReturnIndications,
                        Halt,
                        Destroy,
                        nullptr,  // reported_hardware_features: the platform's hardware
                        ReceiveBatch};
}

const vmqkit_dut_ops kLargeOps = MakeOps(CreateLarge, "vmqkit reference miniport");
const vmqkit_dut_ops k82599Ops = MakeOps(Create82599, "vmqkit reference miniport (82599 tables)");

}  // namespace

const vmqkit_dut_ops& DutOps(hwref::ProfileKind profile) {
  return profile == hwref::ProfileKind::k82599 ? k82599Ops : kLargeOps;
}

}  // namespace vmqkit::reference
