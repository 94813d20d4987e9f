#pragma once
// Builders for driving the VMQ model in tests.
#include <cstdint>
#include <string>

#include "ndis/frame.h"
#include "ndis/structures.h"
#include "spec/vmq_model.h"

namespace vmqkit::spec::test {

inline RegistryValue Sz(std::string name, std::string text) {
  RegistryValue value;
  value.name = std::move(name);
  value.type = RegType::kSz;
  value.text = std::move(text);
  return value;
}

inline ModelConfig VmqConfig(ndis::NdisVersion version = ndis::kNdis630,
                             bool vlan_filtering = true) {
  ModelConfig config;
  config.version = version;
  config.support = HardwareSupport{true, true, false};
  config.adapter_keywords.path = std::string(kNetClassKey) + "\\0001";
  config.adapter_keywords.values = {Sz("*RssOrVmqPreference", "1"), Sz("*VMQ", "1"),
                                    Sz("*VMQVlanFiltering", vlan_filtering ? "1" : "0")};
  config.vmsmp_parameters.path = std::string(kVmsmpParametersKey);
  return config;
}

inline VmqModel Initialized(ModelConfig config = VmqConfig()) {
  VmqModel model(std::move(config));
  (void)model.Initialize();
  return model;
}

inline const ndis::MacAddress kGuestMac{{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x01}};
inline const ndis::MacAddress kOtherMac{{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x02}};

inline OidRequest Allocate(std::uint64_t mask = 0x1) {
  ndis::ReceiveQueueParameters q;
  q.processor_affinity.mask = mask;
  return {ndis::kOidReceiveFilterAllocateQueue, ndis::RequestKind::kMethod, ndis::Encode(q), {}};
}

inline ndis::ReceiveFilterParameters MacVlanFilter(std::uint32_t queue, ndis::MacAddress mac,
                                                   std::optional<std::uint16_t> vlan) {
  ndis::ReceiveFilterParameters f;
  f.queue_id = queue;
  f.fields.push_back(ndis::MacDestinationField(mac.bytes, !vlan.has_value()));
  if (vlan) f.fields.push_back(ndis::VlanIdField(*vlan));
  return f;
}

inline OidRequest SetFilter(const ndis::ReceiveFilterParameters& f) {
  return {ndis::kOidReceiveFilterSetFilter, ndis::RequestKind::kMethod, ndis::Encode(f), {}};
}

inline OidRequest SetFilter(std::uint32_t queue, ndis::MacAddress mac = kGuestMac,
                            std::optional<std::uint16_t> vlan = 10) {
  return SetFilter(MacVlanFilter(queue, mac, vlan));
}

inline OidRequest Clear(std::uint32_t queue, std::uint32_t filter) {
  return {ndis::kOidReceiveFilterClearFilter,
          ndis::RequestKind::kSet,
          ndis::Encode(ndis::ReceiveFilterClearParameters{0, queue, filter}),
          {}};
}

inline OidRequest Free(std::uint32_t queue) {
  return {ndis::kOidReceiveFilterFreeQueue,
          ndis::RequestKind::kSet,
          ndis::Encode(ndis::ReceiveQueueFreeParameters{0, queue}),
          {}};
}

inline OidRequest Complete(std::uint32_t queue) {
  ndis::ReceiveQueueAllocationCompleteArray array;
  array.elements.push_back({0, queue, ndis::NdisStatus::kSuccess});
  return {ndis::kOidReceiveFilterQueueAllocationComplete,
          ndis::RequestKind::kMethod,
          ndis::Encode(array),
          {}};
}

inline ndis::Bytes Frame(ndis::MacAddress dst, std::optional<std::uint16_t> vlan = 10) {
  ndis::FrameSpec spec;
  spec.destination = dst;
  if (vlan) spec.tag = ndis::VlanTag{ndis::kTpid8021Q, 0, false, *vlan};
  return ndis::BuildFrame(spec);
}

}  // namespace vmqkit::spec::test
