#pragma once
// One adapter of a DUT driven through the C ABI (vmqkit/dut.h): the one place that fills a
// vmqkit_platform, wires the host callbacks, calls the miniport entry points and halts and destroys
// the adapter. What the host does with a callback (record it, count it, answer from a registry)
// stays with the caller, so the conformance suite can keep full logs while a benchmark keeps none.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ndis/status.h"
#include "vmqkit/dut.h"

namespace vmqkit::abi {

// What NDIS tells a miniport about its platform (vmqkit_platform without the ABI bookkeeping).
struct Platform {
  std::uint8_t ndis_major = 6;
  std::uint8_t ndis_minor = 30;
  std::uint64_t link_speed_bps = 10'000'000'000ull;
  std::uint32_t hardware_features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS;
  std::vector<std::uint64_t> processor_groups = {0xFF};
  std::uint32_t instance = 0;
};

// Entry points appended to version 1 are used only when `struct_size` covers them (vmqkit/dut.h,
// Versions; the loader accepts VMQKIT_DUT_OPS_V1_SIZE and up).
inline bool Covers(const vmqkit_dut_ops& ops, std::size_t offset, std::size_t size) {
  return ops.struct_size >= offset + size;
}
// receive_batch when the plug-in offers it, else NULL (the host then calls receive per frame).
inline decltype(vmqkit_dut_ops::receive_batch) ReceiveBatchOf(const vmqkit_dut_ops& ops) {
  return Covers(ops, offsetof(vmqkit_dut_ops, receive_batch), sizeof ops.receive_batch)
             ? ops.receive_batch
             : nullptr;
}

// The NDIS services a driver calls back into. Null pointers from the driver arrive as empty
// spans, and a read_config without keyword or value fails before it reaches the host.
template <class Host>
concept NdisHost = requires(Host& host, const char* keyword, std::uint32_t* value,
                            std::span<const vmqkit_receive_indication> frames,
                            std::span<const std::uint8_t> buffer, std::uint32_t word,
                            std::uint64_t request_id) {
  { host.ReadConfig(keyword, value) } -> std::same_as<std::uint32_t>;
  host.IndicateReceive(frames, word);
  host.IndicateStatus(word, buffer);
  host.CompleteOid(request_id, word, word, word);
};

// The callback table of a host type: each entry calls the host's member directly, so the receive
// path pays no virtual dispatch.
template <NdisHost Host>
vmqkit_host_callbacks CallbacksOf() {
  vmqkit_host_callbacks callbacks{};
  callbacks.read_config = [](void* host, const char* keyword,
                             std::uint32_t* value) -> std::uint32_t {
    if (keyword == nullptr || value == nullptr) {
      return static_cast<std::uint32_t>(ndis::NdisStatus::kFailure);
    }
    return static_cast<Host*>(host)->ReadConfig(keyword, value);
  };
  callbacks.indicate_receive = [](void* host, const vmqkit_receive_indication* frames,
                                  std::uint32_t count, std::uint32_t flags) {
    static_cast<Host*>(host)->IndicateReceive(
        std::span<const vmqkit_receive_indication>(frames, frames == nullptr ? 0 : count), flags);
  };
  callbacks.indicate_status = [](void* host, std::uint32_t status, const std::uint8_t* buffer,
                                 std::uint32_t length) {
    static_cast<Host*>(host)->IndicateStatus(
        status, std::span<const std::uint8_t>(buffer, buffer == nullptr ? 0 : length));
  };
  callbacks.complete_oid = [](void* host, std::uint64_t request_id, std::uint32_t status,
                              std::uint32_t bytes_written, std::uint32_t bytes_needed) {
    static_cast<Host*>(host)->CompleteOid(request_id, status, bytes_written, bytes_needed);
  };
  return callbacks;
}

// One MiniportOidRequest. The DUT sees a NULL InformationBuffer when `buffer` is empty.
struct OidRequest {
  std::uint64_t request_id = 0;
  std::uint32_t oid = 0;
  std::uint32_t request_type = VMQKIT_REQUEST_QUERY;
  std::span<std::uint8_t> buffer;
  std::uint32_t input_length = 0;
  std::uint32_t output_length = 0;
};

// The lengths NDIS passes with a buffer used whole: a set reads it, a query writes it, a method
// does both.
inline OidRequest WholeBufferRequest(std::uint32_t oid, std::uint32_t request_type,
                                     std::span<std::uint8_t> buffer, std::uint64_t request_id = 0) {
  const auto size = static_cast<std::uint32_t>(buffer.size());
  return {request_id,
          oid,
          request_type,
          buffer,
          request_type == VMQKIT_REQUEST_QUERY ? 0 : size,
          request_type == VMQKIT_REQUEST_SET ? 0 : size};
}

struct OidResult {
  std::uint32_t status = 0;
  std::uint32_t bytes_written = 0;
  std::uint32_t bytes_needed = 0;
};

struct InitializeResult {
  std::uint32_t status = 0;
  std::uint32_t hardware_written = 0;
  std::uint32_t current_written = 0;
  // VMQKIT_HW_* as the driver reported them (vmqkit_dut_ops.reported_hardware_features), when the
  // plug-in has that entry point and initialize succeeded.
  std::optional<std::uint32_t> reported_hardware_features;
};

// Created at construction (check created()), halted and destroyed at destruction. The host must
// outlive the adapter; neither moves, as the DUT holds pointers to both.
class DutAdapter {
 public:
  template <NdisHost Host>
  DutAdapter(const vmqkit_dut_ops& ops, const Platform& platform, Host& host)
      : DutAdapter(ops, platform, CallbacksOf<Host>(), &host) {}
  DutAdapter(const vmqkit_dut_ops& ops, const Platform& platform,
             const vmqkit_host_callbacks& callbacks, void* host);
  ~DutAdapter();
  DutAdapter(const DutAdapter&) = delete;
  DutAdapter& operator=(const DutAdapter&) = delete;

  bool created() const { return context_ != nullptr; }
  // The DUT's adapter context, for tests that look inside a linked-in miniport.
  void* context() const { return context_; }

  // MiniportInitializeEx: the capabilities go into the two buffers.
  InitializeResult Initialize(std::span<std::uint8_t> hardware, std::span<std::uint8_t> current);

  OidResult Request(const OidRequest& request) {
    OidResult result;
    vmqkit_oid_request call{};
    call.request_id = request.request_id;
    call.oid = request.oid;
    call.request_type = request.request_type;
    call.buffer = request.buffer.empty() ? nullptr : request.buffer.data();
    call.input_length = request.input_length;
    call.output_length = request.output_length;
    call.bytes_written = &result.bytes_written;
    call.bytes_needed = &result.bytes_needed;
    result.status = ops_.oid_request(context_, &call);
    return result;
  }

  // A frame on the wire.
  void Receive(std::span<const std::uint8_t> frame) {
    ops_.receive(context_, frame.data(), static_cast<std::uint32_t>(frame.size()));
  }

  // Frames on the wire in this order: one receive_batch call when the plug-in offers it, else one
  // receive call per frame (the same outcome by the ABI's contract).
  void ReceiveBatch(std::span<const vmqkit_frame> frames) {
    if (receive_batch_ != nullptr) {
      receive_batch_(context_, frames.data(), static_cast<std::uint32_t>(frames.size()));
      return;
    }
    for (const vmqkit_frame& frame : frames) ops_.receive(context_, frame.data, frame.length);
  }
  bool batched() const { return receive_batch_ != nullptr; }

  // MiniportReturnNetBufferLists, passed on even when empty (callers decide whether to skip).
  void Return(std::span<const std::uint64_t> cookies) {
    ops_.return_indications(context_, cookies.data(), static_cast<std::uint32_t>(cookies.size()));
  }

 private:
  const vmqkit_dut_ops& ops_;
  decltype(vmqkit_dut_ops::receive_batch) receive_batch_;
  vmqkit_host_callbacks callbacks_;
  std::vector<std::uint64_t> groups_;
  void* context_ = nullptr;
};

}  // namespace vmqkit::abi
