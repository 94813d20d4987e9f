#pragma once
// DUTs that break the DUT ABI contract (docs/dut-abi.md) on purpose, to show that the runner
// survives each one, reports it as a failure with its scenario and finishes the run. Each wraps the
// reference miniport and misbehaves at one point only, so the checks before that point pass.
#include <cstdint>
#include <string_view>

#include "vmqkit/dut.h"

namespace vmqkit::duts::misbehaving {

enum class Misbehaviour : std::uint8_t {
  kSegfault,                  // SIGSEGV in the first receive
  kAbort,                     // abort() in ALLOCATE_QUEUE
  kHang,                      // never returns from ALLOCATE_QUEUE
  kWritePastBuffer,           // writes 64 bytes beyond OutputBufferLength in every query/method
  kOverReportBytesWritten,    // BytesWritten larger than the buffer it was given
  kIndicateUnallocatedQueue,  // indicates every frame a second time on a queue never allocated
  kReentrantCallback,         // completes a request from inside oid_request that it does not pend
  kReportsFinding,  // reports dut.unsupported-call on VMQKIT_DUT_FINDING_FD in the first receive
};

inline constexpr Misbehaviour kAllMisbehaviours[] = {
    Misbehaviour::kSegfault,
    Misbehaviour::kAbort,
    Misbehaviour::kHang,
    Misbehaviour::kWritePastBuffer,
    Misbehaviour::kOverReportBytesWritten,
    Misbehaviour::kIndicateUnallocatedQueue,
    Misbehaviour::kReentrantCallback,
    Misbehaviour::kReportsFinding,
};

std::string_view ToString(Misbehaviour misbehaviour);

// The function table of the DUT that misbehaves this way.
const vmqkit_dut_ops* MisbehavingDutOps(Misbehaviour misbehaviour);

// The queue id kIndicateUnallocatedQueue indicates on: above any profile's queue count.
inline constexpr std::uint32_t kNeverAllocatedQueue = 0x7FF0;

}  // namespace vmqkit::duts::misbehaving
