#include "bench/null_dut.h"

#include <cstdint>
#include <new>
#include <vector>

namespace vmqkit::bench {
namespace {

struct NullAdapter {
  vmqkit_host_callbacks callbacks{};
  void* host = nullptr;
  std::uint64_t next_cookie = 1;
  std::vector<vmqkit_receive_indication> indications;  // reused: no allocation per frame
};

NullAdapter* As(void* adapter) {
  return static_cast<NullAdapter*>(adapter);
}

void* Create(const vmqkit_platform*, const vmqkit_host_callbacks* callbacks, void* host) {
  if (callbacks == nullptr) return nullptr;
  auto* adapter = new (std::nothrow) NullAdapter;
  if (adapter == nullptr) return nullptr;
  adapter->callbacks = *callbacks;
  adapter->host = host;
  return adapter;
}

std::uint32_t Initialize(void*, std::uint8_t*, std::uint32_t, std::uint32_t* hardware_written,
                         std::uint8_t*, std::uint32_t, std::uint32_t* current_written) {
  if (hardware_written != nullptr) *hardware_written = 0;
  if (current_written != nullptr) *current_written = 0;
  return 0;  // NDIS_STATUS_SUCCESS
}

std::uint32_t OidRequest(void*, const vmqkit_oid_request* request) {
  if (request->bytes_written != nullptr) *request->bytes_written = 0;
  if (request->bytes_needed != nullptr) *request->bytes_needed = 0;
  return 0;
}

vmqkit_receive_indication OnDefaultQueue(NullAdapter& a, const std::uint8_t* frame,
                                         std::uint32_t length) {
  vmqkit_receive_indication indication{};
  indication.frame = frame;
  indication.length = length;
  indication.cookie = a.next_cookie++;
  return indication;
}

void Receive(void* adapter, const std::uint8_t* frame, std::uint32_t length) {
  NullAdapter& a = *As(adapter);
  const vmqkit_receive_indication indication = OnDefaultQueue(a, frame, length);
  a.callbacks.indicate_receive(a.host, &indication, 1, VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE);
}

void ReceiveBatch(void* adapter, const vmqkit_frame* frames, std::uint32_t count) {
  NullAdapter& a = *As(adapter);
  if (count == 0) return;
  if (a.indications.size() < count) a.indications.resize(count);
  for (std::uint32_t i = 0; i < count; ++i)
    a.indications[i] = OnDefaultQueue(a, frames[i].data, frames[i].length);
  a.callbacks.indicate_receive(a.host, a.indications.data(), count,
                               VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE);
}

void ReturnIndications(void*, const std::uint64_t*, std::uint32_t) {}
void Halt(void*) {}
void Destroy(void* adapter) {
  delete As(adapter);
}

constexpr vmqkit_dut_ops kPerFrame = {VMQKIT_DUT_ABI_VERSION,
                                      sizeof(vmqkit_dut_ops),
                                      "vmqkit null DUT (one frame per call)",
                                      "1",
                                      Create,
                                      Initialize,
                                      OidRequest,
                                      Receive,
                                      ReturnIndications,
                                      Halt,
                                      Destroy,
                                      nullptr,  // reported_hardware_features: the platform's
                                      nullptr};
constexpr vmqkit_dut_ops kBatched = {VMQKIT_DUT_ABI_VERSION,
                                     sizeof(vmqkit_dut_ops),
                                     "vmqkit null DUT",
                                     "1",
                                     Create,
                                     Initialize,
                                     OidRequest,
                                     Receive,
                                     ReturnIndications,
                                     Halt,
                                     Destroy,
                                     nullptr,  // reported_hardware_features: the platform's
                                     ReceiveBatch};

}  // namespace

const vmqkit_dut_ops& NullDutOps(bool batched) {
  return batched ? kBatched : kPerFrame;
}

}  // namespace vmqkit::bench
