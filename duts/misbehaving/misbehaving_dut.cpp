#include "duts/misbehaving/misbehaving_dut.h"

#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>

#include "ndis/oids.h"
#include "reference/dut_ops.h"

namespace vmqkit::duts::misbehaving {
namespace {

// The wrapper's instance: the reference adapter and the host it was created for.
struct Adapter {
  void* inner = nullptr;
  vmqkit_host_callbacks callbacks{};
  void* host = nullptr;
};

const vmqkit_dut_ops& Inner() {
  return reference::DutOps();
}

Adapter* As(void* adapter) {
  return static_cast<Adapter*>(adapter);
}

template <Misbehaviour M>
void* Create(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks, void* host) {
  void* inner = Inner().create(platform, callbacks, host);
  if (inner == nullptr) return nullptr;
  return new Adapter{inner, *callbacks, host};
}

std::uint32_t Initialize(void* adapter, std::uint8_t* hardware, std::uint32_t hardware_length,
                         std::uint32_t* hardware_written, std::uint8_t* current,
                         std::uint32_t current_length, std::uint32_t* current_written) {
  return Inner().initialize(As(adapter)->inner, hardware, hardware_length, hardware_written,
                            current, current_length, current_written);
}

template <Misbehaviour M>
std::uint32_t OidRequest(void* adapter, const vmqkit_oid_request* request) {
  Adapter& a = *As(adapter);
  const bool allocate = request->oid == ndis::kOidReceiveFilterAllocateQueue;
  if constexpr (M == Misbehaviour::kAbort) {
    if (allocate) std::abort();
  }
  if constexpr (M == Misbehaviour::kHang) {
    if (allocate) {
      for (;;) pause();
    }
  }
  const std::uint32_t status = Inner().oid_request(a.inner, request);
  const bool writes_output = request->request_type != VMQKIT_REQUEST_SET;
  if constexpr (M == Misbehaviour::kWritePastBuffer) {
    if (writes_output && request->buffer != nullptr) {
      std::memset(request->buffer, 0xEE, request->output_length + 64u);
    }
  }
  if constexpr (M == Misbehaviour::kOverReportBytesWritten) {
    if (writes_output && status == 0) *request->bytes_written = request->output_length + 4096u;
  }
  if constexpr (M == Misbehaviour::kReentrantCallback) {
    // NdisMOidRequestComplete for a request it did not pend, called before returning.
    if (allocate) {
      a.callbacks.complete_oid(a.host, request->request_id, status, *request->bytes_written,
                               *request->bytes_needed);
    }
  }
  return status;
}

// What the NDIS host does for a routine it does not implement (docs/dut-abi.md, "Findings from a
// plug-in"): one F line on the descriptor the runner names, then the process ends.
[[noreturn]] void ReportFindingAndExit() {
  const char* fd = std::getenv("VMQKIT_DUT_FINDING_FD");
  const std::string line =
      "F {\"rule\":\"dut.unsupported-call\",\"source\":\"duts/misbehaving\","
      "\"message\":\"the driver called NdisMisbehave\"}\n";
  const int out = fd != nullptr ? std::atoi(fd) : 2;
  [[maybe_unused]] const ssize_t n = write(out, line.data(), line.size());
  _exit(70);
}

template <Misbehaviour M>
void Receive(void* adapter, const std::uint8_t* frame, std::uint32_t length) {
  Adapter& a = *As(adapter);
  if constexpr (M == Misbehaviour::kSegfault) std::raise(SIGSEGV);
  if constexpr (M == Misbehaviour::kReportsFinding) ReportFindingAndExit();
  Inner().receive(a.inner, frame, length);
  if constexpr (M == Misbehaviour::kIndicateUnallocatedQueue) {
    const vmqkit_receive_indication indication{kNeverAllocatedQueue,    0, frame, length, 0,
                                               0xFFFF'FFFF'0000'0000ull};
    a.callbacks.indicate_receive(a.host, &indication, 1, 0);
  }
}

void ReturnIndications(void* adapter, const std::uint64_t* cookies, std::uint32_t count) {
  // The cookie the wrapper made up is not the reference's to return.
  for (std::uint32_t i = 0; i < count; ++i) {
    if (cookies[i] != 0xFFFF'FFFF'0000'0000ull)
      Inner().return_indications(As(adapter)->inner, &cookies[i], 1);
  }
}

void Halt(void* adapter) {
  Inner().halt(As(adapter)->inner);
}

void Destroy(void* adapter) {
  Inner().destroy(As(adapter)->inner);
  delete As(adapter);
}

template <Misbehaviour M>
constexpr vmqkit_dut_ops kOps{VMQKIT_DUT_ABI_VERSION,
                              sizeof(vmqkit_dut_ops),
                              "misbehaving reference",
                              "1",
                              &Create<M>,
                              &Initialize,
                              &OidRequest<M>,
                              &Receive<M>,
                              &ReturnIndications,
                              &Halt,
                              &Destroy,
                              nullptr,   // reported_hardware_features
                              nullptr};  // receive_batch: one frame per receive call

}  // namespace

std::string_view ToString(Misbehaviour misbehaviour) {
  switch (misbehaviour) {
    case Misbehaviour::kSegfault:
      return "segfault";
    case Misbehaviour::kAbort:
      return "abort";
    case Misbehaviour::kHang:
      return "hang";
    case Misbehaviour::kWritePastBuffer:
      return "write-past-buffer";
    case Misbehaviour::kOverReportBytesWritten:
      return "over-report-bytes-written";
    case Misbehaviour::kIndicateUnallocatedQueue:
      return "indicate-unallocated-queue";
    case Misbehaviour::kReentrantCallback:
      return "reentrant-callback";
    case Misbehaviour::kReportsFinding:
      return "reports-finding";
  }
  return "unknown";
}

const vmqkit_dut_ops* MisbehavingDutOps(Misbehaviour misbehaviour) {
  switch (misbehaviour) {
    case Misbehaviour::kSegfault:
      return &kOps<Misbehaviour::kSegfault>;
    case Misbehaviour::kAbort:
      return &kOps<Misbehaviour::kAbort>;
    case Misbehaviour::kHang:
      return &kOps<Misbehaviour::kHang>;
    case Misbehaviour::kWritePastBuffer:
      return &kOps<Misbehaviour::kWritePastBuffer>;
    case Misbehaviour::kOverReportBytesWritten:
      return &kOps<Misbehaviour::kOverReportBytesWritten>;
    case Misbehaviour::kIndicateUnallocatedQueue:
      return &kOps<Misbehaviour::kIndicateUnallocatedQueue>;
    case Misbehaviour::kReentrantCallback:
      return &kOps<Misbehaviour::kReentrantCallback>;
    case Misbehaviour::kReportsFinding:
      return &kOps<Misbehaviour::kReportsFinding>;
  }
  return nullptr;
}

}  // namespace vmqkit::duts::misbehaving
