// The plug-in entry symbol of the minimal example miniport (docs/dut-abi.md).
#include "duts/minimal/minimal_dut.h"

extern "C" VMQKIT_DUT_EXPORT const vmqkit_dut_ops* vmqkit_dut_entry(uint32_t host_abi_version) {
  // ABI v1 only: a host of another major version gets NULL and reports the mismatch.
  if (host_abi_version != VMQKIT_DUT_ABI_VERSION) return nullptr;
  return vmqkit::duts::MinimalDutOps();
}
