#include "abi/host/dut_adapter.h"

#include <cstddef>

namespace vmqkit::abi {

DutAdapter::DutAdapter(const vmqkit_dut_ops& ops, const Platform& platform,
                       const vmqkit_host_callbacks& callbacks, void* host)
    : ops_(ops),
      receive_batch_(ReceiveBatchOf(ops)),
      callbacks_(callbacks),
      groups_(platform.processor_groups) {
  vmqkit_platform p{};
  p.abi_version = VMQKIT_DUT_ABI_VERSION;
  p.ndis_major = platform.ndis_major;
  p.ndis_minor = platform.ndis_minor;
  p.link_speed_bps = platform.link_speed_bps;
  p.hardware_features = platform.hardware_features;
  p.processor_group_count = static_cast<std::uint32_t>(groups_.size());
  p.processor_group_masks = groups_.data();
  p.instance = platform.instance;
  context_ = ops_.create(&p, &callbacks_, host);
}

DutAdapter::~DutAdapter() {
  if (context_ == nullptr) return;
  ops_.halt(context_);
  ops_.destroy(context_);
}

InitializeResult DutAdapter::Initialize(std::span<std::uint8_t> hardware,
                                        std::span<std::uint8_t> current) {
  InitializeResult result;
  result.status =
      ops_.initialize(context_, hardware.data(), static_cast<std::uint32_t>(hardware.size()),
                      &result.hardware_written, current.data(),
                      static_cast<std::uint32_t>(current.size()), &result.current_written);
  // An entry point appended to version 1: called only when the plug-in's table covers it.
  const bool covered = Covers(ops_, offsetof(vmqkit_dut_ops, reported_hardware_features),
                              sizeof(ops_.reported_hardware_features));
  if (result.status == 0 && covered && ops_.reported_hardware_features != nullptr) {
    result.reported_hardware_features = ops_.reported_hardware_features(context_);
  }
  return result;
}

}  // namespace vmqkit::abi
