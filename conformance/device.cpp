#include "conformance/device.h"

#include <algorithm>

#include "spec/keyword_reader.h"

namespace vmqkit::conformance {

namespace {

abi::Platform PlatformOf(const spec::ModelConfig& c, std::uint32_t instance) {
  abi::Platform p;
  p.ndis_major = c.version.major;
  p.ndis_minor = c.version.minor;
  p.link_speed_bps = c.link_speed_bps;
  constexpr auto kRss = static_cast<std::uint32_t>(VMQKIT_HW_RSS);
  constexpr auto kVmq = static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  constexpr auto kSriov = static_cast<std::uint32_t>(VMQKIT_HW_SRIOV);
  p.hardware_features =
      (c.support.rss ? kRss : 0u) | (c.support.vmq ? kVmq : 0u) | (c.support.sriov ? kSriov : 0u);
  p.processor_groups = c.processor_groups;
  p.instance = instance;
  return p;
}

}  // namespace

std::unique_ptr<PluginDevice> PluginDevice::Create(const vmqkit_dut_ops* ops,
                                                   const PlatformSpec& platform) {
  std::unique_ptr<PluginDevice> device(new PluginDevice(*ops, platform));
  if (!device->adapter_.created()) return nullptr;
  return device;
}

PluginDevice::PluginDevice(const vmqkit_dut_ops& ops, const PlatformSpec& platform)
    : platform_(platform), adapter_(ops, PlatformOf(platform.config, platform.instance), *this) {}

std::uint32_t PluginDevice::ReadConfig(const char* keyword, std::uint32_t* value) {
  constexpr auto kFailure = static_cast<std::uint32_t>(ndis::NdisStatus::kFailure);
  ConfigRead read{keyword, false};
  // The adapter's instance key first; the VMSMP values are in another key, but a driver that
  // asks for them is recorded all the same (the must-not-read check sees the attempt).
  const spec::RegistryValue* raw = platform_.config.adapter_keywords.Find(keyword);
  if (raw == nullptr) raw = platform_.config.vmsmp_parameters.Find(keyword);
  std::uint32_t status = kFailure;
  if (raw != nullptr) {
    const spec::IntegerParse parsed = spec::ParseNdisInteger(*raw);
    if (parsed.value) {
      *value = static_cast<std::uint32_t>(*parsed.value);
      status = 0;
      read.found = true;
    }
  }
  observed_.reads.push_back(std::move(read));
  return status;
}

void PluginDevice::IndicateReceive(std::span<const vmqkit_receive_indication> frames,
                                   std::uint32_t flags) {
  const std::uint32_t call = calls_++;
  for (const vmqkit_receive_indication& f : frames) {
    ReceiveIndication r;
    r.queue_id = f.queue_id;
    r.filter_id = f.filter_id;
    r.vlan_id = f.vlan_id;
    if (f.frame != nullptr) r.frame.assign(f.frame, f.frame + f.length);
    r.cookie = f.cookie;
    r.call = call;
    r.flags = flags;
    r.call_size = static_cast<std::uint32_t>(frames.size());
    observed_.indications.push_back(std::move(r));
  }
}

void PluginDevice::IndicateStatus(std::uint32_t status, std::span<const std::uint8_t> buffer) {
  observed_.statuses.push_back({status, ndis::Bytes(buffer.begin(), buffer.end())});
}

void PluginDevice::CompleteOid(std::uint64_t request_id, std::uint32_t status,
                               std::uint32_t bytes_written, std::uint32_t bytes_needed) {
  observed_.completions.push_back({request_id, status, bytes_written, bytes_needed});
}

InitializeOutput PluginDevice::Initialize() {
  constexpr std::uint32_t kCapacity = 256;
  InitializeOutput out;
  out.hardware.assign(kCapacity, 0);
  out.current.assign(kCapacity, 0);
  const abi::InitializeResult result = adapter_.Initialize(out.hardware, out.current);
  out.status = result.status;
  out.reported_hardware_features = result.reported_hardware_features;
  out.hardware.resize(std::min(result.hardware_written, kCapacity));
  out.current.resize(std::min(result.current_written, kCapacity));
  return out;
}

OidOutput PluginDevice::Request(const OidCall& call) {
  OidOutput out;
  out.buffer = call.buffer;
  const auto input_length = static_cast<std::uint32_t>(call.buffer.size());
  if (out.buffer.size() < call.output_length) out.buffer.resize(call.output_length, 0);
  // Guard bytes after the buffer show a DUT that writes past it, sanitizer or not.
  constexpr std::size_t kGuard = 64;
  constexpr std::uint8_t kGuardByte = 0xA5;
  const std::size_t capacity = out.buffer.size();
  out.buffer.resize(capacity + kGuard, kGuardByte);
  const abi::OidResult result =
      adapter_.Request({call.request_id, call.oid, call.request_type,
                        std::span(out.buffer.data(), capacity), input_length, call.output_length});
  out.status = result.status;
  out.bytes_written = result.bytes_written;
  out.bytes_needed = result.bytes_needed;
  out.wrote_past_buffer =
      std::any_of(out.buffer.begin() + static_cast<std::ptrdiff_t>(capacity), out.buffer.end(),
                  [](std::uint8_t b) { return b != kGuardByte; });
  out.buffer.resize(capacity);
  return out;
}

void PluginDevice::Receive(ndis::ByteView frame) {
  adapter_.Receive(frame);
}

void PluginDevice::Return(std::span<const std::uint64_t> cookies) {
  if (cookies.empty()) return;
  adapter_.Return(cookies);
}

Observed PluginDevice::Take() {
  Observed out = std::move(observed_);
  observed_ = Observed{};
  calls_ = 0;
  return out;
}

}  // namespace vmqkit::conformance
