#pragma once
// The device under test as the engine sees it: the miniport entry points, and everything the
// driver did through the host callbacks since the last Take(). PluginDevice drives a DUT ABI
// function table (linked in or loaded from a plug-in); TraceDevice (trace_device.h) replays a
// trace recorded from a real driver.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "abi/host/dut_adapter.h"
#include "ndis/wire.h"
#include "spec/vmq_model.h"
#include "vmqkit/dut.h"

namespace vmqkit::conformance {

struct ConfigRead {
  std::string keyword;
  bool found = false;
};

struct ReceiveIndication {
  std::uint32_t queue_id = 0;
  std::uint32_t filter_id = 0;
  std::uint32_t vlan_id = 0;
  ndis::Bytes frame;
  std::uint64_t cookie = 0;
  std::uint32_t call = 0;   // which indicate_receive call (per Take)
  std::uint32_t flags = 0;  // that call's flags
  std::uint32_t call_size = 0;
};

struct StatusRecord {
  std::uint32_t code = 0;
  ndis::Bytes buffer;
};

struct CompletionRecord {
  std::uint64_t request_id = 0;
  std::uint32_t status = 0;
  std::uint32_t bytes_written = 0;
  std::uint32_t bytes_needed = 0;
};

// What the driver did through the callbacks.
struct Observed {
  std::vector<ConfigRead> reads;
  std::vector<ReceiveIndication> indications;
  std::vector<StatusRecord> statuses;
  std::vector<CompletionRecord> completions;
};

struct InitializeOutput {
  std::uint32_t status = 0;
  ndis::Bytes hardware;
  ndis::Bytes current;
  // VMQKIT_HW_* as the driver reported them (vmqkit_dut_ops.reported_hardware_features); absent
  // when the DUT does not say, and the device then has the platform's (docs/errata.md E-023).
  std::optional<std::uint32_t> reported_hardware_features;
};

struct OidCall {
  std::uint64_t request_id = 0;
  ndis::Oid oid = 0;
  std::uint32_t request_type = 0;
  ndis::Bytes buffer;  // input bytes; the device may grow it to output_length
  std::uint32_t output_length = 0;
};

struct OidOutput {
  std::uint32_t status = 0;
  std::uint32_t bytes_written = 0;
  std::uint32_t bytes_needed = 0;
  ndis::Bytes buffer;  // the information buffer after the call
  // The DUT wrote past the end of the buffer it was given (guard bytes after it changed).
  bool wrote_past_buffer = false;
};

class Device {
 public:
  virtual ~Device() = default;
  virtual InitializeOutput Initialize() = 0;
  virtual OidOutput Request(const OidCall& call) = 0;
  virtual void Receive(ndis::ByteView frame) = 0;
  virtual void Return(std::span<const std::uint64_t> cookies) = 0;
  virtual Observed Take() = 0;
};

// The platform description a model configuration stands for (vmqkit_platform).
struct PlatformSpec {
  spec::ModelConfig config;
  std::uint32_t instance = 0;
};

// A DUT instance behind the C ABI. The registry it reads is the configuration's adapter key
// (NdisReadConfiguration semantics: REG_DWORD, or decimal REG_SZ; anything else fails).
class PluginDevice final : public Device {
 public:
  // Null when the DUT's create returns NULL.
  static std::unique_ptr<PluginDevice> Create(const vmqkit_dut_ops* ops,
                                              const PlatformSpec& platform);
  PluginDevice(const PluginDevice&) = delete;
  PluginDevice& operator=(const PluginDevice&) = delete;

  InitializeOutput Initialize() override;
  OidOutput Request(const OidCall& call) override;
  void Receive(ndis::ByteView frame) override;
  void Return(std::span<const std::uint64_t> cookies) override;
  Observed Take() override;

  // The NDIS services (abi::NdisHost), called by the DUT: each is recorded for the next Take().
  std::uint32_t ReadConfig(const char* keyword, std::uint32_t* value);
  void IndicateReceive(std::span<const vmqkit_receive_indication> frames, std::uint32_t flags);
  void IndicateStatus(std::uint32_t status, std::span<const std::uint8_t> buffer);
  void CompleteOid(std::uint64_t request_id, std::uint32_t status, std::uint32_t bytes_written,
                   std::uint32_t bytes_needed);

 private:
  PluginDevice(const vmqkit_dut_ops& ops, const PlatformSpec& platform);

  PlatformSpec platform_;
  std::uint32_t calls_ = 0;
  Observed observed_;
  // Last: it halts the DUT while the records above still exist.
  abi::DutAdapter adapter_;
};

}  // namespace vmqkit::conformance
