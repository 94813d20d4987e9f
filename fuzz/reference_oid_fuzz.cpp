// libFuzzer target: the reference miniport's OID entry through the DUT ABI
// (vmqkit::reference::DutOps()): random configuration, then random OID numbers (mostly the
// receive-filter OIDs), request kinds, buffers and lengths, interleaved with frames. The driver
// must never write past the output length it was given nor claim to have done so.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ndis/oids.h"
#include "reference/dut_ops.h"
#include "vmqkit/dut.h"

namespace {

struct Host {
  std::uint32_t config_value = 0;
  bool config_present = false;
  std::uint64_t indications = 0;
};

vmqkit_host_callbacks Callbacks() {
  vmqkit_host_callbacks cb{};
  cb.read_config = [](void* host, const char*, std::uint32_t* value) -> std::uint32_t {
    auto* h = static_cast<Host*>(host);
    if (!h->config_present) return 0xC0000001u;  // NDIS_STATUS_FAILURE
    *value = h->config_value;
    return 0;
  };
  cb.indicate_receive = [](void* host, const vmqkit_receive_indication* frames, std::uint32_t count,
                           std::uint32_t) {
    auto* h = static_cast<Host*>(host);
    for (std::uint32_t i = 0; i < count; ++i) {
      // Touch every indicated byte so ASan sees a frame that points outside its buffer.
      for (std::uint32_t b = 0; b < frames[i].length; ++b) h->indications += frames[i].frame[b];
    }
  };
  cb.indicate_status = [](void* host, std::uint32_t, const std::uint8_t* buffer,
                          std::uint32_t length) {
    auto* h = static_cast<Host*>(host);
    for (std::uint32_t b = 0; b < length; ++b) h->indications += buffer[b];
  };
  cb.complete_oid = [](void*, std::uint64_t, std::uint32_t, std::uint32_t, std::uint32_t) {};
  return cb;
}

// Guard bytes after the output length catch writes past it even where ASan cannot (inside one
// allocation).
constexpr std::size_t kGuard = 64;
constexpr std::uint8_t kGuardByte = 0xA5;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const vmqkit_dut_ops& ops = vmqkit::reference::DutOps(
      in.ConsumeBool() ? vmqkit::hwref::ProfileKind::k82599 : vmqkit::hwref::ProfileKind::kLarge);
  Host host;
  host.config_present = in.ConsumeBool();
  host.config_value = in.ConsumeIntegral<std::uint32_t>() % 4;
  std::vector<std::uint64_t> groups(in.ConsumeIntegralInRange<std::size_t>(0, 3));
  for (auto& g : groups) g = in.ConsumeIntegral<std::uint64_t>();
  vmqkit_platform platform{};
  platform.abi_version = VMQKIT_DUT_ABI_VERSION;
  platform.ndis_major = 6;
  platform.ndis_minor = in.ConsumeIntegralInRange<std::uint8_t>(0, 90);
  platform.link_speed_bps = in.ConsumeIntegral<std::uint64_t>();
  platform.hardware_features = in.ConsumeIntegralInRange<std::uint32_t>(0, 7);
  platform.processor_group_count = static_cast<std::uint32_t>(groups.size());
  platform.processor_group_masks = groups.empty() ? nullptr : groups.data();
  const vmqkit_host_callbacks callbacks = Callbacks();
  void* adapter = ops.create(&platform, &callbacks, &host);
  if (adapter == nullptr) return 0;

  std::vector<std::uint8_t> hw(in.ConsumeIntegralInRange<std::size_t>(0, 512));
  std::vector<std::uint8_t> cur(in.ConsumeIntegralInRange<std::size_t>(0, 512));
  std::uint32_t hw_written = 0;
  std::uint32_t cur_written = 0;
  const std::uint32_t init =
      ops.initialize(adapter, hw.data(), static_cast<std::uint32_t>(hw.size()), &hw_written,
                     cur.data(), static_cast<std::uint32_t>(cur.size()), &cur_written);
  if (hw_written > hw.size() || cur_written > cur.size()) __builtin_trap();

  if (init == 0) {
    const auto table = vmqkit::ndis::OidTable();
    std::uint64_t request_id = 1;
    for (int op = 0; op < 64 && in.remaining_bytes() > 0; ++op) {
      if (in.ConsumeIntegralInRange<int>(0, 4) == 0) {
        const auto frame =
            in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 1600));
        ops.receive(adapter, frame.data(), static_cast<std::uint32_t>(frame.size()));
        continue;
      }
      vmqkit_oid_request request{};
      request.request_id = request_id++;
      request.oid = in.ConsumeBool()
                        ? table[in.ConsumeIntegralInRange<std::size_t>(0, table.size() - 1)].value
                        : in.ConsumeIntegral<std::uint32_t>();
      constexpr std::uint32_t kKinds[] = {VMQKIT_REQUEST_QUERY, VMQKIT_REQUEST_SET,
                                          VMQKIT_REQUEST_METHOD, 7};
      request.request_type = kKinds[in.ConsumeIntegralInRange<int>(0, 3)];
      std::vector<std::uint8_t> payload =
          in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 1024));
      const std::uint32_t input_length = static_cast<std::uint32_t>(payload.size());
      const std::uint32_t output_length = in.ConsumeIntegralInRange<std::uint32_t>(0, 2048);
      const std::size_t capacity = std::max<std::size_t>(input_length, output_length);
      std::vector<std::uint8_t> buffer(capacity + kGuard, kGuardByte);
      std::copy(payload.begin(), payload.end(), buffer.begin());
      request.buffer = capacity == 0 && in.ConsumeBool() ? nullptr : buffer.data();
      request.input_length = request.buffer == nullptr ? 0 : input_length;
      request.output_length = request.buffer == nullptr ? 0 : output_length;
      std::uint32_t written = 0;
      std::uint32_t needed = 0;
      request.bytes_written = &written;
      request.bytes_needed = &needed;
      (void)ops.oid_request(adapter, &request);
      // BytesWritten of a query is bounded by OutputBufferLength; nothing may claim more than
      // the buffer holds.
      if (request.request_type == VMQKIT_REQUEST_QUERY && written > request.output_length) {
        __builtin_trap();
      }
      if (written > capacity) __builtin_trap();
      for (std::size_t i = capacity; i < buffer.size(); ++i) {
        if (buffer[i] != kGuardByte) __builtin_trap();
      }
    }
  }
  if (init == 0) ops.halt(adapter);
  ops.destroy(adapter);
  return 0;
}
