#include "conformance/device.h"

#include <algorithm>

#include "spec/keyword_reader.h"

namespace vmqkit::conformance {

std::unique_ptr<PluginDevice> PluginDevice::Create(const vmqkit_dut_ops* ops,
                                                   const PlatformSpec& platform) {
  std::unique_ptr<PluginDevice> device(new PluginDevice(ops, platform));
  if (device->adapter_ == nullptr) return nullptr;
  return device;
}

PluginDevice::PluginDevice(const vmqkit_dut_ops* ops, const PlatformSpec& platform)
    : ops_(ops), platform_(platform), groups_(platform.config.processor_groups) {
  callbacks_.read_config = &PluginDevice::ReadConfig;
  callbacks_.indicate_receive = &PluginDevice::IndicateReceive;
  callbacks_.indicate_status = &PluginDevice::IndicateStatus;
  callbacks_.complete_oid = &PluginDevice::CompleteOid;
  vmqkit_platform p{};
  const spec::ModelConfig& c = platform.config;
  p.abi_version = VMQKIT_DUT_ABI_VERSION;
  p.ndis_major = c.version.major;
  p.ndis_minor = c.version.minor;
  p.link_speed_bps = c.link_speed_bps;
  constexpr auto kRss = static_cast<std::uint32_t>(VMQKIT_HW_RSS);
  constexpr auto kVmq = static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  constexpr auto kSriov = static_cast<std::uint32_t>(VMQKIT_HW_SRIOV);
  p.hardware_features =
      (c.support.rss ? kRss : 0u) | (c.support.vmq ? kVmq : 0u) | (c.support.sriov ? kSriov : 0u);
  p.processor_group_count = static_cast<std::uint32_t>(groups_.size());
  p.processor_group_masks = groups_.data();
  p.instance = platform.instance;
  adapter_ = ops_->create(&p, &callbacks_, this);
}

PluginDevice::~PluginDevice() {
  if (adapter_ == nullptr) return;
  ops_->halt(adapter_);
  halted_ = true;
  ops_->destroy(adapter_);
}

std::uint32_t PluginDevice::ReadConfig(void* host, const char* keyword, std::uint32_t* value) {
  auto* self = static_cast<PluginDevice*>(host);
  constexpr auto kFailure = static_cast<std::uint32_t>(ndis::NdisStatus::kFailure);
  if (keyword == nullptr || value == nullptr) return kFailure;
  ConfigRead read{keyword, false};
  // The adapter's instance key first; the VMSMP values are in another key, but a driver that
  // asks for them is recorded all the same (the must-not-read check sees the attempt).
  const spec::RegistryValue* raw = self->platform_.config.adapter_keywords.Find(keyword);
  if (raw == nullptr) raw = self->platform_.config.vmsmp_parameters.Find(keyword);
  std::uint32_t status = kFailure;
  if (raw != nullptr) {
    const spec::IntegerParse parsed = spec::ParseNdisInteger(*raw);
    if (parsed.value) {
      *value = static_cast<std::uint32_t>(*parsed.value);
      status = 0;
      read.found = true;
    }
  }
  self->observed_.reads.push_back(std::move(read));
  return status;
}

void PluginDevice::IndicateReceive(void* host, const vmqkit_receive_indication* frames,
                                   std::uint32_t count, std::uint32_t flags) {
  auto* self = static_cast<PluginDevice*>(host);
  const std::uint32_t call = self->calls_++;
  for (std::uint32_t i = 0; frames != nullptr && i < count; ++i) {
    const vmqkit_receive_indication& f = frames[i];
    ReceiveIndication r;
    r.queue_id = f.queue_id;
    r.filter_id = f.filter_id;
    r.vlan_id = f.vlan_id;
    if (f.frame != nullptr) r.frame.assign(f.frame, f.frame + f.length);
    r.cookie = f.cookie;
    r.call = call;
    r.flags = flags;
    r.call_size = count;
    self->observed_.indications.push_back(std::move(r));
  }
}

void PluginDevice::IndicateStatus(void* host, std::uint32_t status, const std::uint8_t* buffer,
                                  std::uint32_t length) {
  auto* self = static_cast<PluginDevice*>(host);
  StatusRecord record{status, {}};
  if (buffer != nullptr) record.buffer.assign(buffer, buffer + length);
  self->observed_.statuses.push_back(std::move(record));
}

void PluginDevice::CompleteOid(void* host, std::uint64_t request_id, std::uint32_t status,
                               std::uint32_t bytes_written, std::uint32_t bytes_needed) {
  auto* self = static_cast<PluginDevice*>(host);
  self->observed_.completions.push_back({request_id, status, bytes_written, bytes_needed});
}

InitializeOutput PluginDevice::Initialize() {
  InitializeOutput out;
  out.hardware.assign(256, 0);
  out.current.assign(256, 0);
  std::uint32_t hardware_written = 0;
  std::uint32_t current_written = 0;
  out.status = ops_->initialize(adapter_, out.hardware.data(), 256, &hardware_written,
                                out.current.data(), 256, &current_written);
  out.hardware.resize(std::min<std::uint32_t>(hardware_written, 256));
  out.current.resize(std::min<std::uint32_t>(current_written, 256));
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
  vmqkit_oid_request request{};
  request.request_id = call.request_id;
  request.oid = call.oid;
  request.request_type = call.request_type;
  request.buffer = capacity == 0 ? nullptr : out.buffer.data();
  request.input_length = input_length;
  request.output_length = call.output_length;
  request.bytes_written = &out.bytes_written;
  request.bytes_needed = &out.bytes_needed;
  out.status = ops_->oid_request(adapter_, &request);
  out.wrote_past_buffer =
      std::any_of(out.buffer.begin() + static_cast<std::ptrdiff_t>(capacity), out.buffer.end(),
                  [](std::uint8_t b) { return b != kGuardByte; });
  out.buffer.resize(capacity);
  return out;
}

void PluginDevice::Receive(ndis::ByteView frame) {
  ops_->receive(adapter_, frame.data(), static_cast<std::uint32_t>(frame.size()));
}

void PluginDevice::Return(std::span<const std::uint64_t> cookies) {
  if (cookies.empty()) return;
  ops_->return_indications(adapter_, cookies.data(), static_cast<std::uint32_t>(cookies.size()));
}

Observed PluginDevice::Take() {
  Observed out = std::move(observed_);
  observed_ = Observed{};
  calls_ = 0;
  return out;
}

}  // namespace vmqkit::conformance
